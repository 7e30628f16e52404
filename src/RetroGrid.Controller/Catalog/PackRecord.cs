namespace RetroGrid.Controller.Catalog;

/// <summary>A pack the controller committed into a set's Dropbox folder.</summary>
internal sealed record PackRecord(string SetId, string Name, long Length, string ContentHash);
