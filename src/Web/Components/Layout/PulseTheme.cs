using MudBlazor;

namespace Pulse.Web.Components.Layout;

/// <summary>Pulse's Material theme: a quiet light page, a dark app bar, the system font stack (no web-font download).</summary>
public static class PulseTheme
{
    public static readonly string[] FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#e91e63",
            Tertiary = "#00897b",
            Info = "#1e88e5",
            Success = "#1a7f37",
            Warning = "#9a6700",
            Error = "#cf222e",
            Background = "#f6f8fa",
            Surface = "#ffffff",
            AppbarBackground = "#0d1117",
            AppbarText = "#ffffff",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1d2433",
            TextSecondary = "#5b6475",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
            H1 = new H1Typography { FontFamily = FontFamily, FontSize = "1.75rem", FontWeight = "600", LineHeight = "1.3" },
            H2 = new H2Typography { FontFamily = FontFamily, FontSize = "1.35rem", FontWeight = "600", LineHeight = "1.3" },
            H3 = new H3Typography { FontFamily = FontFamily, FontSize = "1.15rem", FontWeight = "600", LineHeight = "1.3" },
        },
    };
}
