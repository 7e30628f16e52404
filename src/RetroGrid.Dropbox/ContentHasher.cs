namespace RetroGrid.Dropbox;

/// <summary>placeholder</summary>
public static class Placeholder
{
}
