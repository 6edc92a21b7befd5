using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Timeline.Web.Features.Embed;

/// <summary>Settings of the embed, from the "Embed" configuration section.</summary>
public sealed partial class EmbedOptions : IValidatableObject
{
    public const string Section = "Embed";

    /// <summary>
    /// The sites that may frame the embed, as CSP frame-ancestors sources ("*", "https://news.example",
    /// "https://*.example.org"). The default lets any site embed a published timeline.
    /// </summary>
    public IList<string> FrameAncestors { get; } = [];

    /// <summary>The sources, or "*" when none is configured.</summary>
    public IReadOnlyList<string> EffectiveFrameAncestors => FrameAncestors.Count == 0 ? ["*"] : [.. FrameAncestors];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var source in FrameAncestors)
        {
            // A source containing white space, ';' or ',' would end the directive or the header and inject another.
            if (!SourceExpression().IsMatch(source ?? ""))
            {
                yield return new ValidationResult(
                    $"Embed:FrameAncestors has \"{source}\", which is not a CSP source: use *, 'self', a scheme such as https:, or a host such as https://news.example.",
                    [nameof(FrameAncestors)]);
            }
        }

        if (FrameAncestors.Contains("'none'") && FrameAncestors.Count > 1)
        {
            yield return new ValidationResult("Embed:FrameAncestors: 'none' cannot be combined with other sources.", [nameof(FrameAncestors)]);
        }
    }

    [GeneratedRegex(@"^(\*|'self'|'none'|[a-z][a-z0-9+.\-]*:|([a-z][a-z0-9+.\-]*://)?(\*\.)?[a-z0-9\-]+(\.[a-z0-9\-]+)*(:(\d{1,5}|\*))?(/[^\s;,']*)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SourceExpression();
}
