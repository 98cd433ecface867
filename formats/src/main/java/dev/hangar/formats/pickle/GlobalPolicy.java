package dev.hangar.formats.pickle;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which imports a checkpoint may make. The allow list is picklescan's safe list plus the benign extras PyTorch state
 * dicts use ({@code torch.Size}, {@code torch.device}, dtypes, {@code _rebuild_parameter}, {@code builtins.set} …);
 * the deny list marks what is certainly an attack (shell, files, sockets, code evaluation). Anything else is unlisted,
 * which is still unsafe: a loader would import and maybe call it.
 */
final class GlobalPolicy {
    private static final Set<String> STORAGE_KINDS = Set.of(
            "Float",
            "Half",
            "BFloat16",
            "Double",
            "Long",
            "Int",
            "Short",
            "Char",
            "Byte",
            "Bool",
            "ComplexFloat",
            "ComplexDouble",
            "QInt8",
            "QUInt8",
            "QInt32",
            "QUInt4x2",
            "QUInt2x4",
            "Untyped");

    private static final Set<String> TORCH_DTYPES = Set.of(
            "float32",
            "float",
            "float16",
            "half",
            "bfloat16",
            "float64",
            "double",
            "int64",
            "long",
            "int32",
            "int",
            "int16",
            "short",
            "int8",
            "uint8",
            "bool",
            "complex64",
            "cfloat",
            "complex128",
            "cdouble",
            "float8_e4m3fn",
            "float8_e5m2",
            "qint8",
            "quint8",
            "qint32");

    private static final Set<String> ALLOWED = Stream.of(
                    Stream.of(
                            "collections.OrderedDict",
                            "torch._utils._rebuild_tensor",
                            "torch._utils._rebuild_tensor_v2",
                            "torch._utils._rebuild_parameter",
                            "torch._utils._rebuild_parameter_with_state",
                            "torch._tensor._rebuild_from_type_v2",
                            "torch.Size",
                            "torch.device",
                            "numpy.dtype",
                            "numpy.ndarray",
                            "numpy.core.multiarray._reconstruct",
                            "numpy._core.multiarray._reconstruct",
                            "numpy.core.multiarray.scalar",
                            "numpy._core.multiarray.scalar",
                            // Protocol 2 pickles bytes as _codecs.encode(text, "latin1").
                            "_codecs.encode"),
                    Stream.of("set", "frozenset", "slice", "bytearray", "complex")
                            .flatMap(name -> Stream.of("builtins." + name, "__builtin__." + name)),
                    STORAGE_KINDS.stream().map(kind -> "torch." + kind + "Storage"),
                    TORCH_DTYPES.stream().map(dtype -> "torch." + dtype))
            .flatMap(names -> names)
            .collect(Collectors.toUnmodifiableSet());

    /** Every name in these modules and their submodules. */
    private static final Set<String> DANGEROUS_MODULES = Set.of(
            "os",
            "posix",
            "nt",
            "subprocess",
            "sys",
            "socket",
            "shutil",
            "runpy",
            "pty",
            "webbrowser",
            "httplib",
            "http",
            "requests",
            "aiohttp",
            "pickle",
            "_pickle",
            "marshal",
            "bdb",
            "pdb",
            "asyncio",
            "importlib",
            "ctypes",
            "code",
            "commands",
            "multiprocessing",
            "cloudpickle",
            "dill");

    private static final Set<String> DANGEROUS_NAMES = Stream.concat(
                    Stream.of(
                                    "eval",
                                    "exec",
                                    "execfile",
                                    "compile",
                                    "getattr",
                                    "setattr",
                                    "delattr",
                                    "apply",
                                    "open",
                                    "breakpoint",
                                    "__import__",
                                    "input",
                                    "globals",
                                    "locals",
                                    "vars")
                            .flatMap(name -> Stream.of("builtins." + name, "__builtin__." + name)),
                    Stream.of(
                            "operator.attrgetter",
                            "operator.methodcaller",
                            "types.CodeType",
                            "types.FunctionType",
                            "functools.partial",
                            "torch.load",
                            "torch.hub.load"))
            .collect(Collectors.toUnmodifiableSet());

    private GlobalPolicy() {}

    /** Empty when {@code module.name} is allowed, else why it is flagged. */
    static Optional<PickleFinding.Kind> classify(String module, String name) {
        String qualified = module + "." + name;
        if (ALLOWED.contains(qualified)) {
            return Optional.empty();
        }
        String topModule = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
        boolean dangerous = DANGEROUS_MODULES.contains(topModule) || DANGEROUS_NAMES.contains(qualified);
        return Optional.of(dangerous ? PickleFinding.Kind.DANGEROUS_GLOBAL : PickleFinding.Kind.UNLISTED_GLOBAL);
    }
}
