package io.litefleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

import io.litefleet.model.Messages;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code litefleet.routes-reload=true}, for development: a route file written in the routes
 * directory while the replicator runs is loaded at once, its routes replacing those of the same ids
 * (a packaged route included). The other routes run on: Camel's default would stop and reload every
 * route, and a broken edit would leave none. A broken edit is one WARN line; one that does not parse
 * changes nothing that ran. A deleted file leaves its routes running until the next start.
 */
final class RouteFileReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReload.class);

    RouteFileReload(Path directory) {
        super(directory.toString(), false);
        setPattern("*" + RoutesDirectory.SUFFIX);
        setRemoveAllRoutes(false);
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        // an editor saving in place truncates the file first: the empty file in between is no edit
        if (resources != null && !resources.isEmpty() && resources.stream().allMatch(RouteFileReload::isEmptyFile)) {
            return;
        }
        try {
            super.onRouteReload(resources, removeEverything);
        } catch (RuntimeException e) {
            String problem = RouteFileProblem.of(e, getCamelContext()).map(Throwable::getMessage)
                    .orElseGet(() -> Messages.oneLine(e.getMessage()));
            LOG.warn("Route file not reloaded: {}", problem);
        }
    }

    private static boolean isEmptyFile(Resource resource) {
        try {
            return Files.size(Path.of(resource.getURI())) == 0;
        } catch (IOException | RuntimeException e) {
            return false; // gone or not a file: Camel's reload decides
        }
    }
}
