package io.litefleet.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Records every log event of the whole application while open, as the operator would see them. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One recorded event: level, formatted message, and whether a stack trace was attached. */
    public record Line(Level level, String logger, String message, boolean hasStackTrace) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message + (hasStackTrace ? " [+stack trace]" : "");
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static LogCapture capture() {
        LogCapture capture = new LogCapture();
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(),
                event.getThrown() != null));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines at WARN or worse that mention {@code text}. */
    public List<Line> warningsAbout(String text) {
        return lines.stream().filter(l -> l.level().isMoreSpecificThan(Level.WARN) && l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
