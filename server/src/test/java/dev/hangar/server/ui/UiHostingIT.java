package dev.hangar.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ServerTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The server hosts the built web UI at {@code /}, with the UI's routes falling back to index.html. */
class UiHostingIT extends ServerTest {

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

    @Test
    void rootServesTheUiPage() {
        var page = anonymous().get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"app\"></div>").contains("<title>Hangar</title>");
        assertThat(page.raw().headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void uiRoutesAnswerTheSamePageSoThatReloadsWork() {
        String index = anonymous().get("/").body();

        for (String route : new String[] {"/endpoints", "/endpoints/chat-1.5", "/models/tiny", "/login"}) {
            var page = anonymous().get(route);
            assertThat(page.status()).as(route).isEqualTo(200);
            assertThat(page.body()).as(route).isEqualTo(index);
        }
    }

    @Test
    void unknownPageAddressesAnswerThePageSoThatTheUiShowsItsNotFoundPage() {
        String index = anonymous().get("/").body();

        for (String route : new String[] {"/no-such-page", "/settings/deep/path"}) {
            var page = anonymous().get(route);
            assertThat(page.status()).as(route).isEqualTo(200);
            assertThat(page.body()).as(route).isEqualTo(index);
        }
    }

    @Test
    void hashedAssetsAreServedWithALongCache() {
        Matcher script = SCRIPT.matcher(anonymous().get("/").body());
        assertThat(script.find()).isTrue();

        var asset = anonymous().get(script.group(1));

        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.contentType()).contains("javascript");
        assertThat(asset.raw().headers().firstValue("Cache-Control"))
                .hasValueSatisfying(
                        value -> assertThat(value).contains("max-age=31536000").contains("immutable"));
    }

    @Test
    void serverPathsAndMissingFilesAreNeverAnsweredWithThePage() {
        for (String path : new String[] {
            "/api/v1/no-such-thing", "/v1/no-such-thing", "/assets/missing.js", "/x.png", "/api/no-such-thing"
        }) {
            var response = anonymous().get(path);
            assertThat(response.status()).as(path).isIn(401, 404);
            assertThat(response.body()).as(path).doesNotContain("<div id=\"app\">");
        }
        var unknownApi = admin().get("/api/v1/no-such-thing");
        assertThat(unknownApi.status()).isEqualTo(404);
        assertThat(unknownApi.contentType()).startsWith("application/problem+json");
        assertThat(anonymous().get("/docs/openapi.json").contentType()).startsWith("application/json");
    }
}
