package dev.shakedown.cli;

import dev.shakedown.report.Manifest;
import dev.shakedown.report.ManifestSignature;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a run folder against its manifest.sha256: that no file of the run's evidence and"
          + " reports was changed, removed or added since the run wrote them; with --key, also that"
          + " manifest.sha256 carries a good signature (manifest.sha256.sig) by that key."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file is as the run wrote it",
      "1:a file was changed, is missing, was added or is a link (each named), or, with --key, the"
          + " signature is missing or is not that key's",
      "2:not a run folder, it has no manifest, or --key names no Ed25519 public key"
    })
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Parameters(paramLabel = "RUN", description = "The run folder, its run id, or latest")
  String run;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where run ids are looked up (default: ${DEFAULT-VALUE})")
  Path reports;

  @Option(
      names = "--key",
      paramLabel = "PEM",
      description =
          "The public key the manifest must be signed by (PEM, as 'shakedown keygen' writes it);"
              + " get it from the signer, not from the run folder")
  Path key;

  @Override
  public Integer call() {
    Path folder = RunFolders.resolve(run, reports);
    List<String> differences = Manifest.verify(folder);
    boolean signatureGood = true;
    if (key != null) {
      ManifestSignature.Check check = ManifestSignature.verify(folder, key);
      parent.console.out().println(check.line());
      signatureGood = check.good();
    } else if (ManifestSignature.signed(folder)) {
      parent
          .console
          .out()
          .println(
              "signed, signature not checked: give the signer's public key with --key"
                  + " (the one in the folder, "
                  + ManifestSignature.PUBLIC_KEY
                  + ", proves nothing on its own)");
    }
    List<String> notCovered = Manifest.notCovered(folder);
    if (!notCovered.isEmpty()) {
      parent
          .console
          .out()
          .println(
              "not covered: "
                  + notCovered.size()
                  + " file(s) made from the folder after the run (allure-report/, screenshots/),"
                  + " which neither the manifest nor its signature vouches for");
    }
    if (differences.isEmpty() && signatureGood) {
      parent.console.out().println("verified: every file in " + folder + " is as the run wrote it");
      return 0;
    }
    if (differences.isEmpty()) {
      parent
          .console
          .out()
          .println(
              "not verified: the files match "
                  + Manifest.FILE
                  + ", but it is not signed by that key: the evidence cannot be trusted as it is");
      return 1;
    }
    differences.forEach(line -> parent.console.out().println(line));
    parent
        .console
        .out()
        .println(
            differences.size()
                + " file(s) of "
                + folder
                + " differ from its manifest.sha256: the evidence cannot be trusted as it is");
    return 1;
  }
}
