package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShopDomainTest {

  @Test
  void acceptsTheHandleOrTheMyshopifyDomain() {
    assertEquals("https://acme.myshopify.com", ShopDomain.of("acme").baseUrl());
    assertEquals("acme-2.myshopify.com", ShopDomain.of("acme-2.myshopify.com").domain());
    assertEquals(ShopDomain.of("acme"), ShopDomain.of("acme.myshopify.com"));
    assertEquals("acme", ShopDomain.of("acme.myshopify.com").handle());
  }

  @Test
  void refusesAnythingElseAndShowsTheFix() {
    for (String bad :
        new String[] {
          "https://acme.myshopify.com",
          "acme.myshopify.com/",
          "ACME",
          "acme.example.com",
          "acme.myshopify.com.evil.io",
          "-acme",
          "acme_shop",
          "a b",
          "acme.myshopify.com:443",
          "acme/admin"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ShopDomain.of(bad), bad);
      assertTrue(e.getMessage().contains("--shop=acme"), e.getMessage());
    }
    String hinted =
        assertThrows(
                IllegalArgumentException.class, () -> ShopDomain.of("https://Acme.myshopify.com/"))
            .getMessage();
    assertTrue(hinted.contains("did you mean --shop=acme?"), hinted);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ShopDomain.of(" "))
            .getMessage()
            .contains("required"));
  }
}
