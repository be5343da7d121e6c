Console.WriteLine("caisey agent");
