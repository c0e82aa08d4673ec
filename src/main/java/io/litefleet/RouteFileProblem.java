package io.litefleet;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.model.Messages;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * The operator's route file behind a start-up failure, as a configuration mistake: one line naming
 * the file and the problem ({@code routes/hook.camel.yaml: line 6, column 11: Unknown node id: lgo}),
 * where Camel gives a message of several lines that names a route, or a resource, or neither. The
 * operator's files are the routes loaded from {@code file:} locations (see {@link RoutesDirectory});
 * a failure of a packaged route is left as it is.
 */
final class RouteFileProblem {

    private static final String FILE = "file:";
    /** How Camel reports two routes with one id; the exception carries no route id then. */
    private static final Pattern DUPLICATE_IDS = Pattern.compile("Duplicate route ids detected: ([^.]+)\\.");
    /** How Camel names a resource it could not load ("Error pre-parsing resource: file:routes/x.camel.yaml"). */
    private static final Pattern FILE_LOCATION = Pattern.compile("file:(\\S+" + Pattern.quote(RoutesDirectory.SUFFIX) + ")");

    private RouteFileProblem() {
    }

    /** @param context the context that failed to start, whose model still knows where each route came from */
    static Optional<InvalidSettingException> of(Throwable failure, CamelContext context) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml) {
                Optional<Mark> mark = yaml.getProblemMark().or(yaml::getContextMark);
                if (mark.isPresent() && mark.get().getName().startsWith(FILE)) {
                    String where = "line " + (mark.get().getLine() + 1) + ", column " + (mark.get().getColumn() + 1) + ": ";
                    String within = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                    return problem(mark.get().getName(), where + yaml.getProblem() + within);
                }
            }
            if (t instanceof FailedToCreateRouteException route) {
                Optional<InvalidSettingException> problem = routeProblem(route, context);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher location = FILE_LOCATION.matcher(String.valueOf(t.getMessage()));
            if (location.find()) {
                return problem(location.group(), cause(t).getMessage());
            }
        }
        return Optional.empty();
    }

    /** A route that could not be created, or an id taken twice, in a route of the operator's files. */
    private static Optional<InvalidSettingException> routeProblem(FailedToCreateRouteException failure, CamelContext context) {
        Matcher duplicates = DUPLICATE_IDS.matcher(String.valueOf(failure.getMessage()));
        List<String> ids = failure.getRouteId() != null ? List.of(failure.getRouteId())
                : duplicates.find() ? Arrays.stream(duplicates.group(1).split(",")).map(String::trim).toList() : List.of();
        Model model = context == null ? null : context.getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : ids) {
            RouteDefinition route = model == null ? null : model.getRouteDefinition(id);
            if (route == null || route.getResource() == null || !route.getResource().getLocation().startsWith(FILE)) {
                continue;
            }
            String reason = failure.getRouteId() != null ? "route " + id + ": " + Messages.oneLine(cause(failure).getMessage())
                    : "route id " + id + " is taken by another route file (only a file named like a packaged one replaces it)";
            return problem(route.getResource().getLocation(), reason);
        }
        return Optional.empty();
    }

    /** What went wrong, without Camel's outer message, which repeats the whole route definition. */
    private static Throwable cause(Throwable failure) {
        return failure.getCause() != null && failure.getCause().getMessage() != null ? failure.getCause() : failure;
    }

    private static Optional<InvalidSettingException> problem(String location, String reason) {
        return Optional.of(new InvalidSettingException(location.substring(FILE.length()), Messages.oneLine(reason)));
    }
}
