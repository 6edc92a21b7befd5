using MudBlazor.Services;
using Timeline.Web.Components;
using Timeline.Web.Data;
using Timeline.Web.Features.Api;
using Timeline.Web.Features.Reading;
using Timeline.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddTimelineData();
builder.Services.AddProblemDetails();
builder.Services.AddMudServices();
builder.Services.AddReading();
builder.Services.AddOutputCache();
builder.Services.AddSingleton<ReaderCache>();
builder.Services.AddRazorComponents();
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);

var app = builder.Build();

await app.Services.PrepareDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseOutputCache();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapTimelineApi();
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
