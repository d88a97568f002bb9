package dev.shakedown.cli;

import dev.shakedown.report.ToolVersion;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "shakedown " + ToolVersion.current(), "Java " + System.getProperty("java.version")
    };
  }
}
