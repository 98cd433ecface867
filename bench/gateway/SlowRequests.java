import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The paced load of bench/gateway.sh's overhead measure (4 keep-alive connections, each waiting
 * 4 ms between small chat completions), from raw sockets, printing p50, p99 and then every request
 * slower than the threshold with the time it was sent: whether the slow ones come in bursts, at a
 * period (a timer in the server) or scattered.
 * Usage: java bench/gateway/SlowRequests.java URL API_KEY SECONDS [THRESHOLD_MS, default 2]
 */
public class SlowRequests {

    private static final String BODY =
            "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":8}";

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long seconds = Long.parseLong(args[2]);
        double thresholdMs = args.length > 3 ? Double.parseDouble(args[3]) : 2;
        byte[] request = ("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost()
                        + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + args[1]
                        + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<long[]> sentAndTook = Collections.synchronizedList(new ArrayList<>());
        List<Thread> connections = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            connections.add(Thread.ofPlatform().start(() -> {
                try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        out.write(request);
                        out.flush();
                        readAnswer(in);
                        sentAndTook.add(new long[] {sent - start, System.nanoTime() - sent});
                        Thread.sleep(4);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread connection : connections) {
            connection.join();
        }
        List<long[]> byLatency = new ArrayList<>(sentAndTook);
        byLatency.sort(Comparator.comparingLong(r -> r[1]));
        System.out.printf(
                Locale.ROOT,
                "%d requests: p50 %.3f ms, p99 %.3f ms%n",
                byLatency.size(),
                byLatency.get(byLatency.size() / 2)[1] / 1e6,
                byLatency.get(byLatency.size() * 99 / 100)[1] / 1e6);
        List<long[]> bySending = new ArrayList<>(sentAndTook);
        bySending.sort(Comparator.comparingLong(r -> r[0]));
        for (long[] r : bySending) {
            if (r[1] > thresholdMs * 1e6) {
                System.out.printf(Locale.ROOT, "sent at %9.3f s: %6.2f ms%n", r[0] / 1e9, r[1] / 1e6);
            }
        }
    }

    private static void readAnswer(InputStream in) throws IOException {
        int length = 0;
        boolean chunked = false;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            String header = line.toLowerCase(Locale.ROOT);
            if (header.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            in.readNBytes(length);
            return;
        }
        for (int size = Integer.parseInt(readLine(in).trim(), 16); size > 0; size = Integer.parseInt(readLine(in).trim(), 16)) {
            in.readNBytes(size);
            readLine(in);
        }
        readLine(in);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
