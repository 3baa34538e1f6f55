// distorted_square_2d.geo -- the unit square [0,1] x [0,1] meshed with
// unstructured, distorted quadrilaterals, for convergence studies of
// manufactured solutions (refined globally by the run).
//   region "domain" (id 1)
// Regenerate:  gmsh -2 -format msh2 -o distorted_square_2d.msh distorted_square_2d.geo

Mesh.MshFileVersion   = 2.2;
Mesh.ElementOrder     = 1;
Mesh.SaveAll          = 0;
Mesh.Algorithm        = 6;   // Frontal-Delaunay
Mesh.RecombineAll     = 1;
Mesh.RecombinationAlgorithm = 1; // Blossom
Mesh.SubdivisionAlgorithm   = 0;

h = 0.3;  // target element size

Point(1) = {0, 0, 0, h};
Point(2) = {1, 0, 0, h};
Point(3) = {1, 1, 0, h};
Point(4) = {0, 1, 0, h};

Line(1) = {1, 2};   // bottom
Line(2) = {2, 3};   // right
Line(3) = {3, 4};   // top
Line(4) = {4, 1};   // left

Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Recombine Surface{1};

Physical Curve("left",   1) = {4};
Physical Curve("right",  2) = {2};
Physical Curve("top",    3) = {3};
Physical Curve("bottom", 4) = {1};

Physical Surface("domain", 1) = {1};
