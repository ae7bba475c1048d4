// The main of the layer checks (CMakeLists.txt, layers_*): each links every
// object of one layer's library against the layers below it alone, so a
// call upward (the engine into a workflow, a connector into the server or
// the CLI) is an undefined symbol and fails the build.
int main() { return 0; }
