package dev.shakedown.proxy;

import dev.shakedown.config.Cloud;
import dev.shakedown.config.ProxySettings;
import dev.shakedown.config.ShakedownConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every link the config names (cloud-a/store, ...), each a {@link TcpForwarder}, for one run. */
public final class EmbeddedProxies implements AutoCloseable {
  private final List<TcpForwarder> forwarders = new ArrayList<>();

  public static EmbeddedProxies start(ShakedownConfig config) {
    EmbeddedProxies proxies = new EmbeddedProxies();
    try {
      for (Cloud cloud : config.clouds().values()) {
        for (var entry : cloud.settings().proxies().entrySet()) {
          ProxySettings link = entry.getValue();
          proxies.forwarders.add(
              TcpForwarder.start(
                  cloud.name() + "/" + entry.getKey(),
                  new InetSocketAddress(link.host(link.listen()), link.port(link.listen())),
                  new InetSocketAddress(link.host(link.upstream()), link.port(link.upstream()))));
        }
      }
      return proxies;
    } catch (RuntimeException e) {
      proxies.close();
      throw e;
    }
  }

  public Optional<TcpForwarder> proxy(String name) {
    return forwarders.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  @Override
  public void close() {
    forwarders.forEach(TcpForwarder::close);
  }
}
