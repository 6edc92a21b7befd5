using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Timeline.Web.Features.Editing;
using Timeline.Web.Features.Editing.Shared;

namespace Timeline.Web.Tests.Components;

public sealed class EventFormTests
{
    /// <summary>Renders the form beside the popover provider MudBlazor's selects need, as the editor page does.</summary>
    private static IRenderedComponent<EventForm> RenderForm(BunitContext ctx, EventInput input, Action<EventInput>? onSave = null, FieldErrors? serverErrors = null)
    {
        ctx.Render<MudPopoverProvider>();
        return ctx.Render<EventForm>(p => p
            .Add(c => c.Input, input)
            .Add(c => c.TimelineSlug, "nk")
            .Add(c => c.ServerErrors, serverErrors)
            .Add(c => c.OnSave, EventCallback.Factory.Create<EventInput>(new object(), i => onSave?.Invoke(i))));
    }

    [Fact]
    public async Task Submitting_an_empty_form_shows_a_message_at_each_bad_field_and_does_not_save()
    {
        await using var ctx = MudContext.Create();
        var saved = false;
        var cut = RenderForm(ctx, new EventInput { TimelineId = 1 }, _ => saved = true);

        await cut.Find("form.event-form").SubmitAsync();

        Assert.False(saved);
        Assert.Contains("Give the event a title.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Give it a slug", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Enter a date.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_impossible_date_and_an_end_before_the_start_are_explained()
    {
        await using var ctx = MudContext.Create();
        var cut = RenderForm(ctx, new EventInput { TimelineId = 1, Title = "T", Slug = "t", Start = "2019-02-30", End = "2018" });

        await cut.Find("form.event-form").SubmitAsync();

        Assert.Contains("February 2019 has 28 days", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_form_is_handed_to_the_page_to_save()
    {
        await using var ctx = MudContext.Create();
        EventInput? saved = null;
        var cut = RenderForm(ctx, new EventInput { TimelineId = 1, Title = "Putin's remarks", Slug = "putins-remarks", Start = "2024-06" }, i => saved = i);

        await cut.Find("form.event-form").SubmitAsync();

        Assert.NotNull(saved);
        Assert.Equal("2024-06", saved.Start);
    }

    [Fact]
    public async Task A_duplicate_slug_found_by_the_server_is_shown_at_the_slug_field()
    {
        await using var ctx = MudContext.Create();
        var cut = RenderForm(ctx, new EventInput { TimelineId = 1, Title = "T", Slug = "taken", Start = "2024" }, serverErrors: new FieldErrors { ["Slug"] = "“Other” already uses this slug in this timeline. Choose another." });

        Assert.Contains("already uses this slug", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_a_title_derives_the_slug_of_a_new_event()
    {
        await using var ctx = MudContext.Create();
        var input = new EventInput { TimelineId = 1 };
        var cut = RenderForm(ctx, input);

        await cut.Find("#event-title").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "UN Resolution 2375 adopted" });

        Assert.Equal("un-resolution-2375-adopted", input.Slug);
    }

    [Fact]
    public async Task Typing_a_tag_and_Enter_adds_exactly_that_tag_to_the_input_and_does_not_save()
    {
        await using var ctx = MudContext.Create();
        var saved = false;
        var input = new EventInput { TimelineId = 1, Title = "T", Slug = "t", Start = "2024" };
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<EventForm>(p => p
            .Add(c => c.Input, input)
            .Add(c => c.KnownTags, ["labour", "sanctions"])
            .Add(c => c.OnSave, EventCallback.Factory.Create<EventInput>(new object(), _ => saved = true)));

        var typed = "";
        foreach (var key in "Forced labour")
        {
            await cut.Find("#event-tags").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key.ToString() });
            await cut.Find("#event-tags").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = typed += key });
        }

        Assert.Empty(input.Tags);
        await cut.Find("#event-tags").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        await cut.Find("#event-tags").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "LABOUR" });
        await cut.Find("#event-tags").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "," });

        Assert.Equal(["Forced labour", "labour"], input.Tags);
        Assert.False(saved);
        Assert.Equal(["Forced labour", "labour"], cut.FindAll("ul[aria-label='Tags chosen'] li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public async Task The_summary_preview_renders_markdown_as_readers_will_see_it_without_raw_html()
    {
        await using var ctx = MudContext.Create();
        var input = new EventInput { TimelineId = 1, Summary = "Sanctions **ban** it. <script>alert(1)</script>" };
        var cut = RenderForm(ctx, input);

        var preview = cut.Find("[data-testid=summary-preview]");

        Assert.Equal("ban", preview.QuerySelector("strong")!.TextContent);
        Assert.Null(preview.QuerySelector("script"));

        await cut.Find("#event-summary").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "Now *italic*." });
        Assert.Equal("italic", cut.Find("[data-testid=summary-preview] em").TextContent);
    }
}
