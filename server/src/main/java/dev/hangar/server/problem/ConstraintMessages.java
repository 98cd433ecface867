package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import jakarta.validation.ConstraintViolation;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.validation.ObjectError;

/**
 * A Bean Validation failure as a message with a code: the standard constraints by their
 * attributes ({@code @Size(max = 64)} → {@code field.size} with {@code min} and {@code max}), a
 * constraint whose own message is a catalog text by that code, anything else as {@code field.invalid}.
 */
final class ConstraintMessages {

    private ConstraintMessages() {}

    /** A field's or the body's failure, as a request body's validation reports it. */
    static Message of(ObjectError error) {
        return of(
                error,
                error.contains(ConstraintViolation.class)
                        ? error.unwrap(ConstraintViolation.class)
                                .getConstraintDescriptor()
                                .getAttributes()
                        : Map.of());
    }

    /** @param attributes the constraint's attributes ({@code min}, {@code max}, {@code value}), empty when unknown */
    static Message of(MessageSourceResolvable error, Map<String, Object> attributes) {
        String text = Optional.ofNullable(error.getDefaultMessage()).orElse("is not valid");
        Message fallback = MessageCode.withText(text)
                .map(MessageCode::with)
                .orElseGet(() -> MessageCode.FIELD_INVALID.with("reason", text));
        String constraint = Optional.ofNullable(error.getCodes())
                .filter(codes -> codes.length > 0)
                .map(codes -> codes[codes.length - 1])
                .orElse("");
        if (!attributes.containsKey("message")) {
            return fallback;
        }
        return switch (constraint) {
            case "NotBlank", "NotEmpty" -> MessageCode.FIELD_NOT_BLANK.with();
            case "NotNull" -> MessageCode.FIELD_NOT_NULL.with();
            case "Size" -> MessageCode.FIELD_SIZE.with("min", attributes.get("min"), "max", attributes.get("max"));
            case "Min", "DecimalMin" -> MessageCode.FIELD_MIN.with("value", attributes.get("value"));
            case "Max", "DecimalMax" -> MessageCode.FIELD_MAX.with("value", attributes.get("value"));
            default -> fallback;
        };
    }
}
