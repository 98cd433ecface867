package dev.hangar.server.support;

import static org.assertj.core.api.Assertions.assertThat;

/** What every problem answer must be: the status and type asked for, a detail to act on, no stack trace. */
public final class ProblemAssertions {

    private ProblemAssertions() {}

    /** Asserts a problem+json answer with {@code status} and type {@code /problems/<slug>}. */
    public static void assertProblem(ApiClient.Response answer, int status, String slug) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).as(answer.toString()).isEqualTo("/problems/" + slug);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("detail").asString()).isNotBlank();
        assertThat(answer.body())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("tools.jackson");
    }
}
