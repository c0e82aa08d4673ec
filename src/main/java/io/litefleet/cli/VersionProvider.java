package io.litefleet.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (absent when running from classes). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] { "litefleet " + (version == null ? "(development)" : version) };
    }
}
