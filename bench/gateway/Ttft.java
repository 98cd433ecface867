import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Time to first token of streamed chat completions, direct to a replica and through the gateway,
 * alternating request by request so both see the same machine. Prints p50 and p99 of each in ms,
 * then the wall-clock time (epoch seconds) at which the measured requests began. The first
 * WARM_UP pairs are not counted: they bring this client's own HTTP code and the gateway's path to
 * this replica to compiled code (the JDK client's handling of an answer head took 1.7-1.9 ms early on).
 * The replica asks for its own token (HANGAR_REPLICA_TOKEN of its process), the gateway for an API key.
 * Usage: java Ttft.java DIRECT_URL REPLICA_TOKEN GATEWAY_URL API_KEY MODEL REQUESTS [WARM_UP, default 5]
 */
public class Ttft {
    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int requests = Integer.parseInt(args[5]);
        int warmUp = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        double measuredFrom = 0;
        List<Double> direct = new ArrayList<>();
        List<Double> gateway = new ArrayList<>();
        for (int i = 0; i < requests + warmUp; i++) {
            if (i == warmUp) {
                measuredFrom = System.currentTimeMillis() / 1000.0;
            }
            double d = firstToken(http, args[0], args[1], args[4]);
            double g = firstToken(http, args[2], args[3], args[4]);
            if (i >= warmUp) {
                direct.add(d);
                gateway.add(g);
            }
        }
        System.out.printf("direct p50 %.2f ms p99 %.2f ms; gateway p50 %.2f ms p99 %.2f ms%n",
                percentile(direct, 50), percentile(direct, 99), percentile(gateway, 50), percentile(gateway, 99));
        System.out.printf("measured from %.3f%n", measuredFrom);
    }

    /** Milliseconds from sending the request to the first data event whose delta has content. */
    static double firstToken(HttpClient http, String url, String key, String model) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}],"
                + "\"max_tokens\":4,\"stream\":true}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        double first = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (first < 0 && line.startsWith("data: {") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                    first = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        if (response.statusCode() != 200 || first < 0) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " without content");
        }
        return first;
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
    }
}
