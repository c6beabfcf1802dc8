package io.datasurface.cli;

import picocli.CommandLine;

/** {@code --version}: the version of the jar, or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Datasurface.class.getPackage().getImplementationVersion();
        return new String[] {"datasurface " + (v == null ? "development build" : v)};
    }
}
