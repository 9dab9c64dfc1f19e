using MudBlazor;

namespace Lewel.Web.Components.Layout;

/// <summary>The app's one theme: a quiet dark-slate app bar and compact typography for dense tables and charts.</summary>
public static class LewelTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3558a8",
            Secondary = "#c2410c",
            Tertiary = "#0f766e",
            AppbarBackground = "#1f2937",
            AppbarText = "#f9fafb",
            Background = "#f5f6f8",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2937",
            Success = "#15803d",
            Warning = "#b45309",
            Error = "#b91c1c",
            Info = "#2563eb",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", DrawerWidthLeft = "220px" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontSize = ".875rem", LineHeight = "1.45" },
            H4 = new H4Typography { FontSize = "1.6rem", FontWeight = "500" },
            H5 = new H5Typography { FontSize = "1.25rem", FontWeight = "500" },
            H6 = new H6Typography { FontSize = "1.05rem", FontWeight = "500" },
        },
    };
}
