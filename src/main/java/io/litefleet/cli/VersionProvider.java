package io.litefleet.cli;

import io.litefleet.LiteFleetConfiguration;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (absent when running from classes). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] { "litefleet " + LiteFleetConfiguration.version() };
    }
}
