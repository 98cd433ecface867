package dev.hangar.server.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;
import tools.jackson.databind.json.JsonMapper;

/** A client that leaves mid-answer is one line at DEBUG, never an error with a stack trace; a bug still is one. */
class ClientLeftTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final ApiExceptionHandler handler =
            new ApiExceptionHandler(new ErrorResponses(JsonMapper.builder().build()));
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/models");
    private Level level;

    @BeforeEach
    void listen() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
        logger.setLevel(level);
    }

    @Test
    void aClientAbortIsOneDebugLineAndNoAnswer() {
        var answer = handler.handleUnexpected(new ClientAbortException(new IOException("Broken pipe")), request);

        assertThat(answer).isNull();
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
            assertThat(event.getFormattedMessage())
                    .contains("GET /api/v1/models")
                    .doesNotContain("\n");
        });
    }

    @Test
    void aClosedConnectionWhileWritingJsonIsNoErrorEither() throws Exception {
        var failure = new HttpMessageNotWritableException(
                "Could not write JSON", new ClientAbortException(new IOException("Connection reset by peer")));

        var answer = handler.handleException(failure, new ServletWebRequest(request));

        assertThat(answer).isNull();
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.DEBUG);
    }

    @Test
    void aBugIsStillAnErrorWithItsStackTrace() {
        var answer = handler.handleUnexpected(new IllegalStateException("a bug"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("a bug");
        });
    }
}
