package dev.hangar.server.auth;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The sentence a refused call (401) ends with, on {@code /api} and {@code /v1} alike: where this
 * server's admin key is (the file with its real path, or the setting) and how more keys are made.
 */
@Component
public class KeyAdvice {

    /** The admin key file's real path; empty when the key is the HANGAR_ADMIN_API_KEY setting. */
    private final Optional<Path> keyFile;

    KeyAdvice(HangarHome home, HangarProperties properties) {
        this.keyFile = properties.admin().fixedApiKey().isPresent()
                ? Optional.empty()
                : Optional.of(home.file(AdminBootstrap.KEY_FILE));
    }

    /** {@code refusal} followed by where keys come from. */
    public Message add(Message refusal) {
        return keyFile.map(path -> MessageCode.AUTH_ADVICE_KEY_FILE.with("refusal", refusal, "path", path.toString()))
                .orElseGet(() -> MessageCode.AUTH_ADVICE_KEY_SETTING.with("refusal", refusal));
    }
}
