package dev.hangar.bench.http;

import java.nio.charset.StandardCharsets;

/** What both stand-in servers answer: an OpenAI-shaped 1-token completion, and a stream of 16 chunks. */
final class Answers {

    static final int CHUNKS = 16;

    static final byte[] COMPLETION = ("{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"text\":\"a\",\"finish_reason\":\"length\"}],"
                    + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1,\"total_tokens\":3}}")
            .getBytes(StandardCharsets.UTF_8);

    static final byte[] CHUNK = ("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n")
            .getBytes(StandardCharsets.UTF_8);

    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    static boolean streamed(String path) {
        return path.equals("/v1/chat/completions");
    }

    private Answers() {}
}
