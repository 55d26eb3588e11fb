package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group files are checked before any work: every mistake is exit 2 with the file's line and the
 * fix, and a secret never appears in the file or in a message.
 */
class CourierGroupTest {
  @TempDir static Path dir;
  private static Path token;

  @BeforeAll
  static void tokenFile() throws IOException {
    token = dir.resolve("token-us");
    Files.writeString(token, "shpat_test_only", StandardCharsets.UTF_8);
  }

  @Test
  void readsTheGroupAndEachShopsOverrides() throws IOException {
    CourierGroup group =
        CourierGroup.read(
            file(
                    "name: nightly",
                    "timeZone: Europe/Paris   # the group's",
                    "offset: P1D",
                    "tables:",
                    "  - customer",
                    "  - order",
                    "shops:",
                    "  - shop: acme-eu",
                    "    accessTokenFile: " + token,
                    "  - shop: acme-us.myshopify.com",
                    "    accessTokenFile: " + token,
                    "    timeZone: America/New_York",
                    "    baseUrl: http://127.0.0.1:8082",
                    "reconcile: false")
                .toString());

    assertEquals("nightly", group.name());
    assertEquals("Europe/Paris", group.timeZone());
    assertEquals("customer,order", group.tables());
    assertFalse(group.reconcile());
    assertEquals(2, group.shops().size());
    CourierGroup.Shop eu = group.shops().get(0);
    assertEquals("acme-eu.myshopify.com", eu.shop().domain());
    assertEquals(8, eu.line());
    assertNull(eu.timeZone());
    CourierGroup.Shop us = group.shops().get(1);
    assertEquals("America/New_York", us.timeZone());
    assertEquals("http://127.0.0.1:8082", us.baseUrl());
    assertFalse(us.credentials().toString().contains("shpat"), us.credentials().toString());
  }

  @Test
  void refusesEachMistakeWithItsLine() throws IOException {
    String tokenLine = "    accessTokenFile: " + token;
    assertRefused(
        List.of("name: nightly", "timezone: UTC", "shops:", "  - shop: a", tokenLine),
        ":2: unknown key 'timezone' in the file");
    assertRefused(
        List.of("name: nightly", "shops:", "  - shop: a", tokenLine, "  - shop: a", tokenLine),
        ":5: a.myshopify.com is already in the group at line 3");
    assertRefused(
        List.of("name: nightly", "shops:", "  - shop: a", "    accessToken: shpat_secret_value"),
        ":4: accessToken: secrets never go in the group file; use accessTokenEnv");
    assertRefused(
        List.of(
            "name: nightly",
            "shops:",
            "  - shop: a",
            "    accessTokenEnv: COURIER_TEST_UNSET_TOKEN"),
        ":4: environment variable COURIER_TEST_UNSET_TOKEN is not set");
    assertRefused(
        List.of("name: nightly", "shops:", "  - shop: a", "    accessTokenFile: /nowhere/token"),
        ":4: secret file /nowhere/token does not exist");
    assertRefused(
        List.of("name: nightly", "shops:", "  - shop: a", tokenLine, "    timeZone: Mars/Olympus"),
        ":5: --timeZone=Mars/Olympus is not an IANA time zone");
    assertRefused(
        List.of("name: nightly", "offset: one day", "shops:", "  - shop: a", tokenLine),
        ":2: offset=one day is not an ISO-8601 period or duration");
    assertRefused(
        List.of(
            "name: nightly", "shops:", "  - shop: a", tokenLine, "    baseUrl: http://10.0.0.8"),
        ":5: ");
    assertRefused(
        List.of("name: nightly", "shops:", "  - shop: a"),
        ":3: a.myshopify.com has no secret: give exactly one of accessTokenEnv");
    assertRefused(
        List.of("name: nightly", "reconcile: yes", "shops:", "  - shop: a", tokenLine),
        ":2: reconcile: yes is not a boolean: use true or false");
    assertRefused(
        List.of("name: nightly", "name: again", "shops:", "  - shop: a", tokenLine),
        ":2: 'name' is given twice");
    assertRefused(List.of("name: nightly"), ":1: shops: a list of at least one shop is required");
  }

  @Test
  void groupAndShopExcludeEachOtherBeforeAnyWork() throws IOException {
    Path group = file("name: nightly", "shops:", "  - shop: a", "    accessTokenFile: " + token);
    InProcessCourier.Outcome outcome =
        InProcessCourier.courier(
            "run", "--group=" + group, "--shop=a", "--output=" + dir.resolve("out"), "--load=all");

    assertEquals(2, outcome.code(), outcome.all());
    assertTrue(outcome.err().contains("--shop and --group exclude each other"), outcome.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing was written");
  }

  @Test
  void aMistakeInTheFileIsExitTwoWithTheLine() throws IOException {
    Path group = file("name: nightly", "shops:", "  - shop: a", "    accessToken: shpat_secret");
    InProcessCourier.Outcome outcome =
        InProcessCourier.courier(
            "run", "--group=" + group, "--output=" + dir.resolve("out2"), "--load=all");

    assertEquals(2, outcome.code(), outcome.all());
    assertTrue(outcome.err().contains(group + ":4: accessToken: secrets never"), outcome.err());
    assertFalse(outcome.all().contains("shpat_secret"), "the secret is never repeated");
  }

  private static void assertRefused(List<String> lines, String expected) throws IOException {
    Path file = file(lines.toArray(String[]::new));
    ConfigException e =
        assertThrows(ConfigException.class, () -> CourierGroup.read(file.toString()));
    assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(expected), expected + " in: " + e.getMessage());
    assertFalse(e.getMessage().contains("shpat_"), "no secret in: " + e.getMessage());
  }

  private static Path file(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "group", ".yaml");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
