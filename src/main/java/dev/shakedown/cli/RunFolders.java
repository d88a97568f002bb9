package dev.shakedown.cli;

import dev.shakedown.report.ReportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A run folder named as a path, as a run id under the reports folder, or as {@code latest}. */
final class RunFolders {
  private RunFolders() {}

  static Path resolve(String name, Path reports) {
    Path direct = Path.of(name);
    if (Files.isDirectory(direct)) {
      return direct;
    }
    if (name.equals("latest")) {
      try {
        Path latest = reports.resolve("latest");
        if (Files.isRegularFile(latest)) {
          return reports.resolve(Files.readString(latest).trim());
        }
      } catch (IOException e) {
        throw new ReportException(
            "cannot read " + reports.resolve("latest") + ": " + e.getMessage());
      }
    }
    Path underReports = reports.resolve(name);
    if (Files.isDirectory(underReports)) {
      return underReports;
    }
    throw new ReportException(
        "no run folder '"
            + name
            + "': name a folder such as reports/20261127T115232Z-12fe93, a run id, or latest");
  }
}
