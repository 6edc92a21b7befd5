using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Timeline.Web.Components;
using Timeline.Web.Data;
using Timeline.Web.Features.Accounts;
using Timeline.Web.Features.Editing;
using Timeline.Web.Features.Api;
using Timeline.Web.Features.Commands;
using Timeline.Web.Features.Embed;
using Timeline.Web.Features.Generate;
using Timeline.Web.Features.Media;
using Timeline.Web.Features.Reading;
using Timeline.Web.Features.Search;
using Timeline.Web.Infrastructure;

var isCommand = TimelineCommandLine.IsCommand(args);
// A command's arguments are its own, not the host's settings: those come from the environment and appsettings.
var builder = WebApplication.CreateBuilder(isCommand ? [] : args);
if (isCommand)
{
    // A command speaks for itself on the console: no SQL or host chatter around its answer.
    builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
    // Standard output is the command's answer (for backup -, the JSON document itself): what is logged goes to standard error.
    builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
}

try
{
    builder.AddTimelineData();
}
catch (DatabaseSetupException ex)
{
    return Refuse(ex);
}

builder.Services.AddProblemDetails();
builder.Services.AddMudServices(options =>
{
    // Every save is acknowledged, even the same message twice in a row: a second "Saved." must not be swallowed.
    options.SnackbarConfiguration.PreventDuplicates = false;
});
builder.Services.AddReading();
builder.Services.AddSearch();
builder.Services.AddPublicOrigin();
builder.Services.AddRateLimits();
builder.Services.AddEmbed();
builder.Services.AddOutputCache();
builder.Services.AddReaderCaching();
builder.Services.AddSharedCache(builder.Configuration);
builder.Services.AddSingleton<ReaderCache>();
builder.Services.AddAccounts();
builder.Services.AddEditing();
builder.Services.AddEditorConnectionLimits();
builder.Services.AddApiDocument();
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);

var app = builder.Build();

if (isCommand)
{
    // Parsed before anything touches the database: an unknown command prints the usage and exits 2.
    return await TimelineCommandLine.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

try
{
    await app.Services.PrepareDatabaseAsync();
}
catch (DatabaseSetupException ex)
{
    return Refuse(ex);
}

app.UseKnownProxies(app.Configuration);
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseSecurityHeaders(app.Services.GetRequiredService<IOptions<EmbedOptions>>().Value.EffectiveFrameAncestors);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiStatusProblems();
app.UseReaderCaching();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UsePermalinks();
app.UseEditorConnectionLimits();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapTimelineApi();
app.MapAtomFeeds();
app.MapTimelineJsExport();
app.MapCsvExport();
app.MapWebAnnotations();
app.MapEditorApi();
app.MapApiDocument();
app.MapEmbed();
app.MapMedia();
app.MapAccounts();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .CacheReaderPages();

await app.RunAsync();
return 0;

// A database setting that cannot work is the operator's to fix: one sentence, no stack trace.
static int Refuse(DatabaseSetupException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
