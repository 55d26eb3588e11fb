package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopbackBaseUrlTest {

  @Test
  void acceptsLoopbackOrigins() {
    assertEquals("http://127.0.0.1:8080", LoopbackBaseUrl.validate("http://127.0.0.1:8080/"));
    assertEquals("http://127.5.6.7:1", LoopbackBaseUrl.validate("http://127.5.6.7:1"));
    assertEquals("http://localhost:9", LoopbackBaseUrl.validate("http://localhost:9"));
    assertEquals("http://[::1]:9", LoopbackBaseUrl.validate("http://[::1]:9"));
    assertEquals("https://127.0.0.1", LoopbackBaseUrl.validate("https://127.0.0.1"));
  }

  @Test
  void refusesEverythingElseBeforeAnyRequest() {
    for (String bad :
        new String[] {
          "http://10.0.0.1:80",
          "https://acme.myshopify.com",
          "http://127.0.0.1.nip.io",
          "http://localhost.evil.com",
          "http://user@127.0.0.1:80",
          "http://127.0.0.1:80/admin",
          "http://127.0.0.1/?x=1",
          "ftp://127.0.0.1",
          "127.0.0.1:8080",
          "http://[::2]:80",
          "http://0.0.0.0:80",
          "not a url"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> LoopbackBaseUrl.validate(bad), bad);
      assertTrue(e.getMessage().startsWith("shopifyBaseUrl='" + bad + "' refused"), e.getMessage());
      assertTrue(e.getMessage().contains("drop shopifyBaseUrl"), e.getMessage());
    }
  }

  @Test
  void theConfigRefusesANonLoopbackOverride() {
    String refused =
        assertThrows(
                IllegalArgumentException.class,
                () -> ShopifyClientConfig.create().withBaseUrl("http://192.168.1.2:80"))
            .getMessage();
    assertTrue(refused.contains("its host is not a loopback address"), refused);
    assertEquals(
        "http://127.0.0.1:1",
        ShopifyClientConfig.create()
            .withShop(ShopDomain.of("acme"))
            .withBaseUrl("http://127.0.0.1:1")
            .baseUrl());
    assertEquals(
        "https://acme.myshopify.com",
        ShopifyClientConfig.create().withShop(ShopDomain.of("acme")).baseUrl());
  }
}
