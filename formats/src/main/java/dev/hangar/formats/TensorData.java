package dev.hangar.formats;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A tensor's bytes with their length known up front, produced only when a file writer reaches the tensor, so that a
 * large model streams to disk instead of sitting in memory whole.
 */
public final class TensorData {
    private final long byteSize;
    private final Producer producer;

    /** Writes a tensor's bytes, in the target format's layout, onto the file being written. */
    @FunctionalInterface
    public interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    private TensorData(long byteSize, Producer producer) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("byte size " + byteSize + " is negative");
        }
        this.byteSize = byteSize;
        this.producer = producer;
    }

    /** Bytes already in memory; they are copied, so later changes to the array do not reach the file. */
    public static TensorData of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new TensorData(copy.length, out -> out.write(copy));
    }

    /** Bytes that {@code producer} writes when asked; it must write exactly {@code byteSize} of them each time. */
    public static TensorData streamed(long byteSize, Producer producer) {
        return new TensorData(byteSize, producer);
    }

    public long byteSize() {
        return byteSize;
    }

    /**
     * Writes the bytes onto {@code out}, leaving it open.
     *
     * @throws IllegalStateException naming {@code tensorName} when the producer writes more or fewer bytes than
     *     declared, since the offsets already written into the file's header would then be wrong
     */
    public void writeTo(OutputStream out, String tensorName) throws IOException {
        CountingOutput counting = new CountingOutput(out);
        producer.writeTo(counting);
        if (counting.count != byteSize) {
            throw new IllegalStateException("tensor '" + tensorName + "' declared " + byteSize
                    + " bytes but its producer wrote " + counting.count);
        }
    }

    private static final class CountingOutput extends FilterOutputStream {
        private long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void close() {
            // The file writer owns the stream; a producer closing it would cut the file short.
        }
    }
}
