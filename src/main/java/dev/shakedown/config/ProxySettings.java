package dev.shakedown.config;

@Doc(
    "A link of the deployment that network faults are injected into: clients connect to 'listen', which forwards to 'upstream'.")
public record ProxySettings(
    @Doc(
            value = "Address the proxy listens on, host:port.",
            required = true,
            example = "127.0.0.1:18201")
        String listen,
    @Doc(value = "Address it forwards to, host:port.", required = true, example = "127.0.0.1:18101")
        String upstream) {

  public ProxySettings {
    check("listen", listen);
    check("upstream", upstream);
  }

  private static void check(String key, String address) {
    if (address != null && !address.matches("[^:\\s]+:\\d{1,5}")) {
      throw new IllegalArgumentException(
          key + " '" + address + "' is not host:port; write e.g. 127.0.0.1:18201");
    }
    if (address != null) {
      int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            key + " '" + address + "' has port " + port + ", outside 1 to 65535");
      }
    }
  }

  public String host(String address) {
    return address.substring(0, address.lastIndexOf(':'));
  }

  public int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
