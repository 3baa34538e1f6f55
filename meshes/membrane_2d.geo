// membrane_2d.geo -- 2D two-region membrane cell for Fluxion
// Domain [0,3] x [0,1] (length unit of the .prm).
//   region "solution" (id 1): x in [0,2]
//   region "membrane" (id 2): x in [2,3]
// The interface x = 2 is a single curve shared by both surfaces, so the mesh
// is conforming across it. The interface is NOT in a physical group.
// Regenerate:  gmsh -2 -format msh2 -o membrane_2d.msh membrane_2d.geo

Mesh.MshFileVersion   = 2.2;
Mesh.ElementOrder     = 1;
Mesh.SaveAll          = 0;
Mesh.Algorithm        = 6;   // Frontal-Delaunay (8 segfaults in Debian gmsh 4.8.4)
Mesh.RecombineAll     = 1;
Mesh.RecombinationAlgorithm = 1; // Blossom
Mesh.SubdivisionAlgorithm   = 0;

h = 0.06;  // target element size

Point(1) = {0, 0, 0, h};
Point(2) = {2, 0, 0, h};
Point(3) = {3, 0, 0, h};
Point(4) = {3, 1, 0, h};
Point(5) = {2, 1, 0, h};
Point(6) = {0, 1, 0, h};

Line(1) = {1, 2};   // bottom, solution
Line(2) = {2, 3};   // bottom, membrane
Line(3) = {3, 4};   // right
Line(4) = {4, 5};   // top, membrane
Line(5) = {5, 6};   // top, solution
Line(6) = {6, 1};   // left
Line(7) = {2, 5};   // interface x = 2 (shared, not physical)

Curve Loop(1) = {1, 7, 5, 6};
Plane Surface(1) = {1};          // solution
Curve Loop(2) = {2, 3, 4, -7};
Plane Surface(2) = {2};          // membrane

Recombine Surface{1, 2};

Physical Curve("left",   1) = {6};
Physical Curve("right",  2) = {3};
Physical Curve("top",    3) = {4, 5};
Physical Curve("bottom", 4) = {1, 2};

Physical Surface("solution", 1) = {1};
Physical Surface("membrane", 2) = {2};
