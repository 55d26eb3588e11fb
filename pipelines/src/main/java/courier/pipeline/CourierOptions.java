package courier.pipeline;

/**
 * The courier's command-line options, composed by concern. Values are kept as text and parsed once
 * by {@link RunSettings}, so every bad value fails before any work starts with a message that shows
 * the fix. Secrets are never options: tokens, client secrets and database passwords come from
 * environment variables or from files these options name.
 */
public interface CourierOptions
    extends ShopifyReadOptions,
        LoadWindowOptions,
        JdbcSinkOptions,
        OutputOptions,
        S3OutputOptions,
        RunnerTuningOptions {}
