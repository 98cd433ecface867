package dev.hangar.server.auth;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import org.springframework.stereotype.Component;

/**
 * The sentence a refused call (401) ends with, on {@code /api} and {@code /v1} alike: where this
 * server's admin key is (the file with its real path, or the setting) and how more keys are made.
 */
@Component
public class KeyAdvice {

    private final String advice;

    KeyAdvice(HangarHome home, HangarProperties properties) {
        String admin = properties.admin().fixedApiKey().isPresent()
                ? "The admin key is the server's HANGAR_ADMIN_API_KEY"
                : "The first admin key is in " + home.file(AdminBootstrap.KEY_FILE) + " on the server's machine";
        this.advice = admin + "; more keys: POST /api/v1/api-keys or the console's API keys page.";
    }

    /** {@code refusal} followed by where keys come from. */
    public String add(String refusal) {
        return refusal + " " + advice;
    }
}
