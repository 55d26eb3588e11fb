package courier.simulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDK HTTP server on 127.0.0.1 that hands every request to one handler, on daemon threads. */
final class SimHttpServer {
  // Logged under the facade's name: that is the logger users know to configure.
  private static final Logger LOG = LoggerFactory.getLogger(ShopifySimulator.class);

  static {
    // The JDK server writes headers and body as separate segments; with Nagle's algorithm on,
    // each small response then waits ~40 ms for the client's delayed ACK. The property is read
    // once, when the server classes load, so it is set before any server exists (unless the
    // application chose a value itself).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final int requestedPort;
  private final String shop;
  private final HttpHandler handler;
  private HttpServer server;
  private ExecutorService executor;
  private volatile String baseUrl;

  SimHttpServer(int requestedPort, String shop, HttpHandler handler) {
    this.requestedPort = requestedPort;
    this.shop = shop;
    this.handler = handler;
  }

  static String baseUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  synchronized void start() {
    if (server != null) {
      return;
    }
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort);
      server = HttpServer.create(address, 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + requestedPort, e);
    }
    executor = Executors.newCachedThreadPool(daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    baseUrl = baseUrl(server.getAddress().getPort());
    LOG.info("Shopify simulator for {}.myshopify.com listening on {}", shop, baseUrl);
  }

  /** Stops the server; in-flight requests are cut off. */
  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      LOG.info("Shopify simulator on {} stopped", baseUrl);
    }
  }

  /** The base URL once started (kept after a stop, for messages). */
  String baseUrl() {
    if (baseUrl == null) {
      throw new IllegalStateException("the simulator is not started");
    }
    return baseUrl;
  }

  /** The port listened on, or -1 when not running. */
  synchronized int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "shopify-sim-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
