using Bunit;
using MudBlazor.Services;

namespace Timeline.Web.Tests.Components;

/// <summary>A bUnit context with MudBlazor's services; dispose it with <c>await using</c> (MudBlazor's services are async-disposable only).</summary>
internal static class MudContext
{
    public static BunitContext Create()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }
}
