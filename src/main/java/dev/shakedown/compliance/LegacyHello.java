package dev.shakedown.compliance;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Asks a server whether it would still speak TLS 1.0 or 1.1, without this JVM ever being able to: a
 * ClientHello of that version is written by hand (RFC 2246 and 4346, section 7.4.1.2) and the
 * server's first record read back. A ServerHello of the same version is a yes; an alert, another
 * version or a closed connection is a no. No key is exchanged and nothing is sent after the hello,
 * so the JDK's refusal of those versions (jdk.tls.disabledAlgorithms) stays in force for every
 * connection the JVM makes.
 */
final class LegacyHello {
  private static final int HANDSHAKE = 22;
  private static final int ALERT = 21;
  private static final int SERVER_HELLO = 2;

  /** What a TLS 1.0/1.1 server of today offers: ECDHE and RSA key exchange with AES-CBC. */
  private static final int[] CIPHER_SUITES = {
    0xC009, 0xC00A, 0xC013, 0xC014, 0x0033, 0x0039, 0x002F, 0x0035, 0x000A
  };

  private LegacyHello() {}

  /**
   * @param version {@code TLSv1} or {@code TLSv1.1}
   * @return whether the server answered with a ServerHello of that version
   * @throws IOException when the server cannot be reached at all
   */
  static boolean accepted(String host, int port, String version, Duration timeout)
      throws IOException {
    int minor =
        switch (version) {
          case "TLSv1" -> 1;
          case "TLSv1.1" -> 2;
          default -> throw new IllegalArgumentException(version + " is not a legacy version");
        };
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(record(minor, clientHello(minor, host)));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int type;
      int length;
      try {
        type = in.readUnsignedByte();
        in.readUnsignedShort(); // the record's version, which a server may set apart
        length = in.readUnsignedShort();
      } catch (EOFException | java.net.SocketException closed) {
        return false; // closed on the hello: a server that does not speak it
      }
      if (type == ALERT || type != HANDSHAKE || length < 6) {
        return false;
      }
      int handshake = in.readUnsignedByte();
      in.readUnsignedByte();
      in.readUnsignedShort(); // the handshake's length
      int major = in.readUnsignedByte();
      int chosen = in.readUnsignedByte();
      return handshake == SERVER_HELLO && major == 3 && chosen == minor;
    } catch (java.net.SocketTimeoutException silent) {
      return false; // it never answered the hello
    }
  }

  private static byte[] record(int minor, byte[] handshake) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(HANDSHAKE);
    out.write(3);
    out.write(minor);
    u16(out, handshake.length);
    out.writeBytes(handshake);
    return out.toByteArray();
  }

  private static byte[] clientHello(int minor, String host) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(3);
    body.write(minor);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    u16(body, CIPHER_SUITES.length * 2 + 2);
    for (int suite : CIPHER_SUITES) {
      u16(body, suite);
    }
    u16(body, 0x00FF); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746)
    body.write(1);
    body.write(0); // null compression only
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    if (TlsProbe.isHostName(host)) {
      byte[] name = host.getBytes(StandardCharsets.US_ASCII);
      u16(extensions, 0x0000); // server_name (RFC 6066)
      u16(extensions, name.length + 5);
      u16(extensions, name.length + 3);
      extensions.write(0);
      u16(extensions, name.length);
      extensions.writeBytes(name);
    }
    u16(extensions, 0x000A); // supported_groups: secp256r1, secp384r1, x25519 (RFC 8422)
    u16(extensions, 8);
    u16(extensions, 6);
    u16(extensions, 0x0017);
    u16(extensions, 0x0018);
    u16(extensions, 0x001D);
    u16(extensions, 0x000B); // ec_point_formats: uncompressed
    u16(extensions, 2);
    extensions.write(1);
    extensions.write(0);
    u16(body, extensions.size());
    body.writeBytes(extensions.toByteArray());

    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    handshake.write(1); // client_hello
    handshake.write((body.size() >> 16) & 0xFF);
    u16(handshake, body.size() & 0xFFFF);
    handshake.writeBytes(body.toByteArray());
    return handshake.toByteArray();
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xFF);
    out.write(value & 0xFF);
  }
}
