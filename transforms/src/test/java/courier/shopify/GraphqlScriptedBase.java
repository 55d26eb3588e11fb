package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A GraphQL reader against a scripted loopback server, time on a fake ticker. */
abstract class GraphqlScriptedBase {
  static final String TOKEN = "shpat_scripted_graphql_token";
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir Path dir;
  ScriptedServer server;
  Tally tally = new Tally();
  FakeTicker ticker = new FakeTicker();

  /** Counts what the reader reports. */
  static final class Tally implements RequestObserver {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger throttled = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();
    final AtomicInteger overflows = new AtomicInteger();
    final AtomicLong points = new AtomicLong();

    @Override
    public void requestSent(ShopifyResource resource) {
      requests.incrementAndGet();
    }

    @Override
    public void throttled(ShopifyResource resource) {
      throttled.incrementAndGet();
    }

    @Override
    public void retried(ShopifyResource resource) {
      retried.incrementAndGet();
    }

    @Override
    public void overflowRequested(ShopifyResource resource) {
      overflows.incrementAndGet();
    }

    @Override
    public void pointsSpent(ShopifyResource resource, long spent) {
      points.addAndGet(spent);
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  GraphqlReader reader() throws Exception {
    return reader(config());
  }

  GraphqlReader reader(ShopifyClientConfig config) {
    return GraphqlReader.create(config, tally, ticker, new GraphqlCostGovernor(ticker));
  }

  /** The scripted shop's config: a token file, quick retries. */
  ShopifyClientConfig config() throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN);
    return ShopifyClientConfig.create()
        .withShop(ShopDomain.of("acme"))
        .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
        .withBaseUrl(server.baseUrl())
        .withTransport(Transport.GRAPHQL)
        .withRetries(4, Duration.ofMillis(1), Duration.ofMillis(5));
  }

  /** The JSON body of the n-th request. */
  JsonNode sent(int n) throws Exception {
    return ShopifyJson.mapper().readTree(server.requests().get(n).body());
  }
}
