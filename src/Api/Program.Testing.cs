// Lets WebApplicationFactory<Program> and integration tests reach the Api's entry point.
public partial class Program;
