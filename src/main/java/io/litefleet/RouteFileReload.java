package io.litefleet;

import java.nio.file.Path;
import java.util.Collection;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code litefleet.routes-reload=true}, for development: a route file written in the routes
 * directory while the replicator runs is loaded at once, its routes replacing those of the same ids
 * (a packaged route included). The other routes run on: Camel's default would stop and reload every
 * route, and a broken edit would leave none. A broken edit is one WARN line and changes nothing that
 * ran; a deleted file leaves its routes running until the next start.
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
        try {
            super.onRouteReload(resources, removeEverything);
        } catch (RuntimeException e) {
            String problem = RouteFileProblem.of(e, getCamelContext()).map(Throwable::getMessage).orElseGet(() -> Messages.oneLine(e.getMessage()));
            LOG.warn("Route file not reloaded: {}", problem);
        }
    }
}
