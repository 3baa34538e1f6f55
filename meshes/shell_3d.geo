// shell_3d.geo -- 3D hollow cylinder (thick cylindrical shell) for Fluxion
// Annulus 0.5 <= r <= 1.0 in the xy-plane, extruded along z from 0 to 1.
// Length unit of the .prm. Axis of the cylinder: the z-axis through (0,0).
// The annulus is meshed with unstructured quads (Frontal-Delaunay triangles
// + Blossom recombination) and extruded with Layers + Recombine: all hexes.
// Curved boundaries are made of Circle arcs (exact for a later
// CylindricalManifold attachment along the z-axis).
// Regenerate:  gmsh -3 -format msh2 -o shell_3d.msh shell_3d.geo

Mesh.MshFileVersion   = 2.2;
Mesh.ElementOrder     = 1;
Mesh.SaveAll          = 0;
Mesh.Algorithm        = 6;   // Frontal-Delaunay (8 segfaults in Debian gmsh 4.8.4)
Mesh.RecombineAll     = 1;
Mesh.RecombinationAlgorithm = 1; // Blossom
Mesh.SubdivisionAlgorithm   = 0; // keep 0: extrusion already gives hexes

r_in  = 0.5;
r_out = 1.0;
Hz    = 1.0;
nz    = 10;     // number of element layers in z
h     = 0.1;    // in-plane element size

Point(1) = {0, 0, 0, h};            // centre (only used by the arcs)
Point(2) = { r_out, 0, 0, h};
Point(3) = {0,  r_out, 0, h};
Point(4) = {-r_out, 0, 0, h};
Point(5) = {0, -r_out, 0, h};
Point(6) = { r_in, 0, 0, h};
Point(7) = {0,  r_in, 0, h};
Point(8) = {-r_in, 0, 0, h};
Point(9) = {0, -r_in, 0, h};

Circle(1) = {2, 1, 3};
Circle(2) = {3, 1, 4};
Circle(3) = {4, 1, 5};
Circle(4) = {5, 1, 2};
Circle(5) = {6, 1, 7};
Circle(6) = {7, 1, 8};
Circle(7) = {8, 1, 9};
Circle(8) = {9, 1, 6};

Curve Loop(1) = {1, 2, 3, 4};   // outer
Curve Loop(2) = {5, 6, 7, 8};   // inner
Plane Surface(1) = {1, 2};      // annulus at z = 0
Recombine Surface{1};

// out[0] = top surface, out[1] = volume,
// out[2..5] = lateral surfaces from curves 1..4 (outer),
// out[6..9] = lateral surfaces from curves 5..8 (inner)
out[] = Extrude {0, 0, Hz} { Surface{1}; Layers{nz}; Recombine; };

Physical Surface("inner",  1) = {out[6], out[7], out[8], out[9]};
Physical Surface("outer",  2) = {out[2], out[3], out[4], out[5]};
Physical Surface("bottom", 3) = {1};
Physical Surface("top",    4) = {out[0]};

Physical Volume("solid", 1) = {out[1]};
