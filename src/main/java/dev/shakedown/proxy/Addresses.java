package dev.shakedown.proxy;

import java.net.InetSocketAddress;

final class Addresses {
  private Addresses() {}

  /**
   * {@code host:port} as Toxiproxy writes it and a URL takes it: an IPv6 address bracketed ({@code
   * [::]:8474}), such as the wildcard a {@code 0.0.0.0} bind may become.
   */
  static String format(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** {@code host:port}, as Toxiproxy writes addresses. */
  static InetSocketAddress parse(String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0) {
      throw new ToxiproxyApiException(400, "address '" + address + "' is not host:port");
    }
    try {
      return new InetSocketAddress(
          address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new ToxiproxyApiException(400, "address '" + address + "' is not host:port");
    }
  }
}
