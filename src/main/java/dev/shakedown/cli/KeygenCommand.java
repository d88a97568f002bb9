package dev.shakedown.cli;

import dev.shakedown.ShakedownException;
import dev.shakedown.report.SigningKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Makes an Ed25519 key pair for signing runs (run --sign-key) and checking them (verify --key):"
          + " the private key as PKCS#8 PEM, readable by its owner only, and the public key as PEM"
          + " (what 'openssl pkey -pubout' writes). Give the public key to whoever checks the runs;"
          + " keep the private one where the pipeline keeps its secrets."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:both files written", "2:a file exists already, or cannot be written"})
final class KeygenCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Option(
      names = "--private",
      paramLabel = "FILE",
      defaultValue = "shakedown-signing.pem",
      description = "Where the private key goes (default: ${DEFAULT-VALUE}); never overwritten")
  Path privateFile;

  @Option(
      names = "--public",
      paramLabel = "FILE",
      defaultValue = "shakedown-signing.pub.pem",
      description = "Where the public key goes (default: ${DEFAULT-VALUE}); never overwritten")
  Path publicFile;

  @Override
  public Integer call() {
    for (Path file : new Path[] {privateFile, publicFile}) {
      if (Files.exists(file)) {
        throw new ShakedownException(
            "keygen: " + file + " exists already; move it away or name another file");
      }
    }
    SigningKey key = SigningKey.generate();
    write(privateFile, key.privatePem(), true);
    write(publicFile, key.publicPem(), false);
    parent
        .console
        .out()
        .println(
            "wrote "
                + privateFile
                + " (private, owner only) and "
                + publicFile
                + " (public, "
                + key.fingerprint()
                + ")");
    return 0;
  }

  private static void write(Path file, String pem, boolean secret) {
    byte[] bytes = pem.getBytes(StandardCharsets.US_ASCII);
    try {
      Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      boolean posix = Files.getFileStore(absoluteParent(file)).supportsFileAttributeView("posix");
      // One call creates the file, owner-only from its first moment, and opens it: nothing can
      // read it in between, and a link put at that name is refused (CREATE_NEW), not followed.
      try (SeekableByteChannel channel =
          secret && posix
              ? Files.newByteChannel(
                  file,
                  options,
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.newByteChannel(file, options)) {
        channel.write(ByteBuffer.wrap(bytes));
      }
    } catch (FileAlreadyExistsException e) {
      throw new ShakedownException("keygen: " + file + " exists already; name another file");
    } catch (IOException e) {
      throw new ShakedownException(
          "keygen: cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Path absoluteParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? file.toAbsolutePath() : parent;
  }
}
