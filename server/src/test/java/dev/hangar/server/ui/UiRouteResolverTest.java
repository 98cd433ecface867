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
        assertThat(UiRouteResolver.isUiRoute("overview")).isTrue();
        assertThat(UiRouteResolver.isUiRoute("users")).isTrue();
    }

    @Test
    void unknownPageAddressesAreUiRoutesSoTheUiSaysThereIsNoSuchPage() {
        assertThat(UiRouteResolver.isUiRoute("no-such-page")).isTrue();
        assertThat(UiRouteResolver.isUiRoute("settings/deep/path")).isTrue();
        assertThat(UiRouteResolver.isUiRoute("apis")).isTrue();
    }

    @Test
    void serverPathsAndOtherFilesAreNot() {
        assertThat(UiRouteResolver.isUiRoute("api")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("api/v1/models")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("api/no-such-thing")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("v1/chat/completions")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("v1/no-such-thing")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("docs")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("metrics")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("hf/api/models/x")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("assets/index-abc.js")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("favicon.ico")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("x.png")).isFalse();
        assertThat(UiRouteResolver.isUiRoute("somewhere/robots.txt")).isFalse();
    }
}
