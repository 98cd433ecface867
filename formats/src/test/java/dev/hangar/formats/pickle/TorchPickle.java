package dev.hangar.formats.pickle;

/** The data.pkl that torch.save writes for {@code {"weight": torch.zeros(2, 2)}}, assembled by hand. */
final class TorchPickle {
    private TorchPickle() {}

    static byte[] stateDict() {
        return new PickleBytes()
                .proto(2)
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce()
                .binPut(0)
                .mark()
                .binUnicode("weight")
                .global("torch._utils", "_rebuild_tensor_v2")
                .mark()
                // Persistent id ('storage', torch.FloatStorage, '0', 'cpu', 4) names the data/0 entry.
                .mark()
                .binUnicode("storage")
                .global("torch", "FloatStorage")
                .binUnicode("0")
                .binUnicode("cpu")
                .binInt1(4)
                .tuple()
                .op('Q') // BINPERSID
                .binInt1(0)
                .binInt1(2)
                .binInt1(2)
                .op(0x86) // TUPLE2: size
                .binInt1(2)
                .binInt1(1)
                .op(0x86) // TUPLE2: stride
                .op(0x89) // NEWFALSE: requires_grad
                .global("collections", "OrderedDict")
                .emptyTuple()
                .reduce()
                .tuple()
                .reduce()
                .binPut(1)
                .op('u') // SETITEMS
                .stop()
                .bytes();
    }
}
