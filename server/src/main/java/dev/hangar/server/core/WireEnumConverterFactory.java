package dev.hangar.server.core;

import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;

/**
 * Reads enums in query parameters by the names the API shows ({@code toString()}, lowercase:
 * {@code ?format=gguf}), as JSON bodies do, instead of by Java constant names.
 */
final class WireEnumConverterFactory implements ConverterFactory<String, Enum<?>> {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T extends Enum<?>> Converter<String, T> getConverter(Class<T> targetType) {
        return source -> {
            String value = source.trim();
            for (T constant : targetType.getEnumConstants()) {
                if (constant.toString().equals(value) || constant.name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
            throw WireNames.notOneOf(targetType.getEnumConstants());
        };
    }
}
