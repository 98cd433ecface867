package dev.hangar.server.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the runtime catalog from its files: {@code catalog.yaml} lists the runtimes in order, each
 * described by {@code <name>.yaml} beside it (docs/runtimes.md describes the fields). Every field is
 * checked as it is read, and whatever the catalog could not use is an {@link InvalidRuntimeFile}
 * naming the file and the field: a misspelled field, a default outside its limits, a resource
 * default or concurrency argument naming no integer argument, an unknown launch placeholder, a
 * runtime file the catalog does not list.
 */
final class RuntimeFileReader {

    /** Where the server's own catalog is. */
    static final String BUILT_IN = "classpath:runtimes/";

    private static final String INDEX = "catalog.yaml";
    private static final Pattern ARG_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> RUNTIME_FIELDS = Set.of(
            "name",
            "displayName",
            "builtIn",
            "formats",
            "tasks",
            "devices",
            "probe",
            "healthPath",
            "readinessTimeout",
            "concurrencyArg",
            "notLaunchableReason",
            "launch",
            "engineArgs");
    private static final Set<String> ARG_FIELDS = Set.of("name", "flag", "via", "type", "help", "adminOnly");
    private static final Set<String> LAUNCH_FIELDS =
            Set.of("command", "env", "resourceDefaults", "modelfile", "afterStart");

    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    private final String location;

    /** @param location a folder as a Spring resource location ending in {@code /}, such as {@link #BUILT_IN} */
    RuntimeFileReader(String location) {
        this.location = location;
    }

    List<RuntimeSpec> read() {
        YamlFields index = load(INDEX).only(Set.of("runtimes"), "the catalog");
        List<String> names = index.texts("runtimes");
        if (names.isEmpty()) {
            throw index.problem("runtimes", "must list at least one runtime");
        }
        Set<String> listed = new LinkedHashSet<>();
        for (String name : names) {
            if (!listed.add(name)) {
                throw index.problem("runtimes", "lists " + name + " twice");
            }
        }
        for (String file : runtimeFiles()) {
            if (!listed.contains(file.substring(0, file.length() - ".yaml".length()))) {
                throw index.problem("runtimes", "does not list " + display(file) + "; list it or remove the file");
            }
        }
        return names.stream().map(name -> runtime(index, name)).toList();
    }

    private RuntimeSpec runtime(YamlFields index, String name) {
        String file = name + ".yaml";
        if (!resolver.getResource(location + file).exists()) {
            throw index.problem("runtimes", "lists " + name + " but there is no " + display(file));
        }
        YamlFields runtime = load(file).only(RUNTIME_FIELDS, "a runtime");
        if (!runtime.text("name").equals(name)) {
            throw runtime.problem(
                    "name", "is '" + runtime.text("name") + "', but a runtime's file is named after it: " + file);
        }
        boolean builtIn = runtime.bool("builtIn", false);
        boolean router = RuntimeSpec.ROUTER.equals(name);
        List<EngineArg> args = engineArgs(runtime, name);
        List<String> probe = runtime.texts("probe");
        if (probe.isEmpty() && !builtIn && !router) {
            throw runtime.problem("probe", "is required: the command that tells the runtime is installed");
        }
        String healthPath = runtime.text("healthPath");
        if (!healthPath.startsWith("/")) {
            throw runtime.problem("healthPath", "must be a path starting with /");
        }
        Optional<String> notLaunchable = runtime.optionalText("notLaunchableReason");
        Optional<LaunchTemplate> launch = runtime.nested("launch").map(fields -> launchTemplate(fields, args, builtIn));
        if (launch.isEmpty() && notLaunchable.isEmpty() && !router) {
            throw runtime.problem(
                    "launch", "is required: how a replica starts (or notLaunchableReason: why it cannot)");
        }
        if (launch.isPresent() && (notLaunchable.isPresent() || router)) {
            throw runtime.problem(
                    "launch",
                    router ? "does not apply: a router starts no process" : "contradicts notLaunchableReason");
        }
        return new RuntimeSpec(
                name,
                runtime.text("displayName"),
                builtIn,
                Set.copyOf(runtime.texts("formats")),
                Set.copyOf(runtime.texts("tasks")),
                Set.copyOf(runtime.texts("devices")),
                probe,
                healthPath,
                duration(runtime, "readinessTimeout"),
                args,
                launch,
                notLaunchable,
                runtime.optionalText("concurrencyArg")
                        .map(arg ->
                                integerArg(runtime, "concurrencyArg", args, arg).name())
                        .orElse(null));
    }

    private static List<EngineArg> engineArgs(YamlFields runtime, String runtimeName) {
        List<EngineArg> args = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlFields fields : runtime.nestedList("engineArgs")) {
            EngineArg arg = engineArg(fields, runtimeName);
            if (!names.add(arg.name())) {
                throw fields.problem("name", arg.name() + " is an argument of this runtime already");
            }
            args.add(arg);
        }
        return args;
    }

    /** @param runtimeName names the argument's help among the messages: {@code runtimeHelp.<runtime>.<argument>} */
    private static EngineArg engineArg(YamlFields arg, String runtimeName) {
        ArgType type = oneOf(arg, "type", ArgType.values()).orElseThrow(() -> arg.problem("type", "is required"));
        arg.only(fieldsOf(type), "an engine argument of type " + type);
        String name = arg.text("name");
        if (!ARG_NAME.matcher(name).matches()) {
            throw arg.problem("name", "must be lower-case letters, digits and -, not '" + name + "'");
        }
        ArgTarget via = oneOf(arg, "via", ArgTarget.values()).orElse(ArgTarget.FLAG);
        String flag = arg.text("flag");
        if (via == ArgTarget.FLAG && !flag.startsWith("-")) {
            throw arg.problem("flag", "must start with - (a command-line flag), or set via: env or modelfile");
        }
        if (via != ArgTarget.FLAG && (type == ArgType.MODEL || type == ArgType.TEMPLATE)) {
            throw arg.problem("via", "must be flag: a " + type + " argument passes a file's path on the command line");
        }
        Schema schema = schema(arg, type, via);
        return new EngineArg(
                name,
                flag,
                via,
                type,
                schema.choices(),
                schema.defaultValue(),
                schema.min(),
                schema.max(),
                schema.negatedFlag(),
                arg.text("help"),
                "runtimeHelp." + runtimeName + "." + name,
                arg.bool("adminOnly", false));
    }

    /** The fields that depend on the argument's type, checked against each other. */
    private record Schema(List<String> choices, Object defaultValue, Number min, Number max, String negatedFlag) {}

    private static Schema schema(YamlFields arg, ArgType type, ArgTarget via) {
        return switch (type) {
            case INT -> {
                long min = arg.whole("min").orElseThrow(() -> arg.problem("min", "is required"));
                long max = arg.whole("max").orElseThrow(() -> arg.problem("max", "is required"));
                Optional<Long> defaultValue = arg.whole("defaultValue");
                checkRange(arg, min, max, defaultValue.map(Long::doubleValue));
                yield new Schema(null, defaultValue.orElse(null), min, max, null);
            }
            case FLOAT -> {
                double min = arg.decimal("min").orElseThrow(() -> arg.problem("min", "is required"));
                double max = arg.decimal("max").orElseThrow(() -> arg.problem("max", "is required"));
                Optional<Double> defaultValue = arg.decimal("defaultValue");
                checkRange(arg, min, max, defaultValue);
                yield new Schema(null, defaultValue.orElse(null), min, max, null);
            }
            case ENUM -> {
                List<String> choices = arg.texts("choices");
                if (choices.isEmpty() || new HashSet<>(choices).size() != choices.size()) {
                    throw arg.problem("choices", "must list the values, each once");
                }
                Optional<String> defaultValue = arg.optionalText("defaultValue");
                if (defaultValue.isPresent() && !choices.contains(defaultValue.get())) {
                    throw arg.problem("defaultValue", "must be one of the choices " + String.join(", ", choices));
                }
                yield new Schema(choices, defaultValue.orElse(null), null, null, null);
            }
            case BOOL -> {
                boolean defaultValue = arg.bool("defaultValue", false);
                Optional<String> negatedFlag = arg.optionalText("negatedFlag");
                if (defaultValue && via == ArgTarget.FLAG && negatedFlag.isEmpty()) {
                    throw arg.problem(
                            "negatedFlag", "is required: the flag that turns off a switch that is on by default");
                }
                yield new Schema(null, defaultValue, null, null, negatedFlag.orElse(null));
            }
            case STRING -> new Schema(null, arg.optionalText("defaultValue").orElse(null), null, null, null);
            case MODEL, TEMPLATE -> new Schema(null, null, null, null, null);
        };
    }

    private static Set<String> fieldsOf(ArgType type) {
        List<String> own = switch (type) {
            case INT, FLOAT -> List.of("min", "max", "defaultValue");
            case ENUM -> List.of("choices", "defaultValue");
            case BOOL -> List.of("defaultValue", "negatedFlag");
            case STRING -> List.of("defaultValue");
            case MODEL, TEMPLATE -> List.of();
        };
        return Stream.concat(ARG_FIELDS.stream(), own.stream()).collect(Collectors.toSet());
    }

    private static void checkRange(YamlFields arg, double min, double max, Optional<Double> defaultValue) {
        if (min > max) {
            throw arg.problem("min", "must not be above max");
        }
        if (defaultValue.isPresent() && (defaultValue.get() < min || defaultValue.get() > max)) {
            throw arg.problem("defaultValue", "must be between min and max");
        }
    }

    private static LaunchTemplate launchTemplate(YamlFields launch, List<EngineArg> args, boolean builtIn) {
        launch.only(LAUNCH_FIELDS, "a launch");
        List<String> command = launch.texts("command");
        if (command.isEmpty()) {
            throw launch.problem("command", "is required: the program and its first arguments");
        }
        for (int i = 0; i < command.size(); i++) {
            String word = command.get(i);
            if (word.equals(Placeholders.WORKER) && !(builtIn && i == 0)) {
                throw launch.problem(
                        "command[" + i + "]",
                        "may be " + Placeholders.WORKER + " only as the first word of the built-in runtime's command");
            }
            if (!word.equals(Placeholders.WORKER)) {
                checkPlaceholders(launch, "command[" + i + "]", word);
            }
        }
        Map<String, String> env = launch.textMap("env");
        env.forEach((name, value) -> checkPlaceholders(launch, "env." + name, value));
        Optional<String> modelfile = launch.optionalText("modelfile");
        modelfile.ifPresent(path -> checkPlaceholders(launch, "modelfile", path));
        if (modelfile.isEmpty() && args.stream().anyMatch(a -> a.via() == ArgTarget.MODELFILE)) {
            throw launch.problem("modelfile", "is required: the runtime has arguments that go to a Modelfile");
        }
        List<List<String>> afterStart = launch.commands("afterStart");
        for (int i = 0; i < afterStart.size(); i++) {
            for (int j = 0; j < afterStart.get(i).size(); j++) {
                checkPlaceholders(
                        launch,
                        "afterStart[" + i + "][" + j + "]",
                        afterStart.get(i).get(j));
            }
        }
        List<LaunchTemplate.ResourceDefault> defaults = new ArrayList<>();
        for (YamlFields fields : launch.nestedList("resourceDefaults")) {
            fields.only(Set.of("arg", "from", "above"), "a resource default");
            EngineArg arg = integerArg(fields, "arg", args, fields.text("arg"));
            if (arg.via() != ArgTarget.FLAG) {
                throw fields.problem("arg", "must be a command-line flag");
            }
            int above =
                    Math.toIntExact(fields.whole("above").orElseThrow(() -> fields.problem("above", "is required")));
            LaunchTemplate.ResourceDefault.Figure from = oneOf(
                            fields, "from", LaunchTemplate.ResourceDefault.Figure.values())
                    .orElseThrow(() -> fields.problem("from", "is required"));
            defaults.add(new LaunchTemplate.ResourceDefault(arg.name(), arg.flag(), from, above));
        }
        return new LaunchTemplate(command, env, defaults, modelfile, afterStart);
    }

    private static void checkPlaceholders(YamlFields fields, String field, String text) {
        Placeholders.problemWith(text).ifPresent(problem -> {
            throw fields.problem(field, problem);
        });
    }

    private static EngineArg integerArg(YamlFields fields, String field, List<EngineArg> args, String name) {
        return args.stream()
                .filter(a -> a.name().equals(name) && a.type() == ArgType.INT)
                .findFirst()
                .orElseThrow(
                        () -> fields.problem(field, "must name an int engine argument of this runtime, not " + name));
    }

    /** The constant whose lower-case name the field holds, or empty where the field is absent. */
    private static <E extends Enum<E>> Optional<E> oneOf(YamlFields fields, String field, E[] values) {
        return fields.optionalText(field)
                .map(text -> Arrays.stream(values)
                        .filter(v -> v.name().toLowerCase(Locale.ROOT).equals(text))
                        .findFirst()
                        .orElseThrow(() -> fields.problem(
                                field,
                                "must be one of "
                                        + Arrays.stream(values)
                                                .map(v -> v.name().toLowerCase(Locale.ROOT))
                                                .collect(Collectors.joining(", "))
                                        + ", not '" + text + "'")));
    }

    private static Duration duration(YamlFields fields, String field) {
        String text = fields.text(field);
        try {
            Duration duration = DurationStyle.detectAndParse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw fields.problem(field, "must be a positive duration");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw fields.problem(field, "must be a duration such as 30s or 20m, not '" + text + "'");
        }
    }

    private YamlFields load(String file) {
        Resource resource = resolver.getResource(location + file);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (InputStream in = resource.getInputStream()) {
            return YamlFields.of(display(file), new Yaml(new SafeConstructor(options)).load(in));
        } catch (YAMLException e) {
            throw new InvalidRuntimeFile(display(file), "", "is not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidRuntimeFile(display(file), "", "cannot be read: " + e.getMessage());
        }
    }

    /** The runtime files beside the catalog. */
    private List<String> runtimeFiles() {
        try {
            return Arrays.stream(resolver.getResources(location + "*.yaml"))
                    .map(Resource::getFilename)
                    .filter(name -> name != null && !name.equals(INDEX))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String display(String file) {
        return location.replaceFirst("^classpath:", "") + file;
    }
}
