using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Timeline.Web.Features.Editing.Shared;

/// <summary>
/// Editor pages run interactively on the server without prerendering: an editor's form must never look
/// ready before it can act, and the data is loaded once instead of twice.
/// </summary>
public static class EditorRender
{
    public static IComponentRenderMode Mode { get; } = new InteractiveServerRenderMode(prerender: false);
}
