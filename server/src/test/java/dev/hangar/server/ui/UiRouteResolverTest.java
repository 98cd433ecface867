package dev.hangar.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UiRouteResolverTest {

    @Test
    void pathsOfTheUiRouterAreUiRoutesEvenWithDotsInNames() {
        assertThat(UiRouteResolver.isUiRoute("")).isTrue();
        assertThat(UiRouteResolver.isUiRoute("endpoints")).isTrue();
        assertThat(UiRouteResolver.isUiRoute("endpoints/chat-1.5")).isTrue();
        assertThat(UiRouteResolver.isUiRoute("models/llama-3.2-1b")).isTrue();
        assertThat(UiRouteResolver.isUiRoute("api-keys")).isTrue();
    }

    @Test
    void serverPathsAndOtherFilesAreNot() {
        assertThat(UiRouteResolver.isUiRoute("api/v1/models")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("v1/chat/completions")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("docs")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("metrics")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("assets/index-abc.js")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("favicon.ico")).isFalse();
    }
}
