namespace Timeline.Web.Data;

/// <summary>Stated limits on stored text, shared by the schema and the editor's validation.</summary>
public static class Limits
{
    public const int Slug = 80;
    public const int Title = 200;
    public const int Name = 120;
    public const int Url = 2048;
    public const int Markdown = 20_000;
    public const int Quote = 2_000;
    public const int SourceText = 500_000;

    /// <summary>An editor's note on what a disputing passage differs in: one sentence.</summary>
    public const int DisputeNote = 200;

    /// <summary>What a source's text shows of its origin: one or two sentences.</summary>
    public const int Provenance = 300;

    /// <summary>An image's text alternative, caption or credit.</summary>
    public const int MediaText = 300;

    /// <summary>The largest image file an editor may upload.</summary>
    public const long MediaBytes = 8 * 1024 * 1024;

    /// <summary>The most pixels an uploaded image may have (guards against images that decode to gigabytes).</summary>
    public const long MediaPixels = 50_000_000;

    /// <summary>
    /// The largest backup file a restore reads (2 GiB): far above a newsroom's text and images, and a guard against being
    /// pointed at the wrong file. Larger databases are copied with SQLite's online backup (VACUUM INTO) instead.
    /// </summary>
    public const long BackupBytes = 2L * 1024 * 1024 * 1024;
}
