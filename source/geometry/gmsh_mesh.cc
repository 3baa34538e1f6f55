#include <deal.II/base/utilities.h>
#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/manifold_lib.h>

#include <fluxion/geometry/gmsh_mesh.h>

#include <fstream>
#include <sstream>

#ifndef FLUXION_SOURCE_DIR
#  define FLUXION_SOURCE_DIR "."
#endif

namespace Fluxion
{
  template <int dim>
  std::string GmshMesh<dim>::input_directory = ".";

  namespace
  {
    bool
    file_exists(const std::string &name)
    {
      return std::ifstream(name).good();
    }
  } // namespace

  template <int dim>
  void
  GmshMesh<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Mesh file",
                      "",
                      Patterns::FileName(),
                      "Gmsh .msh file (format 2.2 or 4.1, ASCII) of quads "
                      "(2D) or hexes (3D). A relative path is looked up next "
                      "to the parameter file, then in Fluxion's meshes/ "
                      "folder.");
    prm.declare_entry("Curved boundaries",
                      "",
                      Patterns::Anything(),
                      "Manifolds for curved boundaries, separated by ';': "
                      "'name: sphere X Y [Z]' for a circle or sphere centred "
                      "at (X,Y,Z), or 'name: cylinder AX AY AZ PX PY PZ' for "
                      "a cylinder with axis direction A through point P.");
  }

  template <int dim>
  void
  GmshMesh<dim>::parse_parameters(ParameterHandler &prm)
  {
    const std::string name = prm.get("Mesh file");
    AssertThrow(!name.empty(),
                ExcMessage("Parameter <Geometry/gmsh/Mesh file>: no file "
                           "given."));
    filename = name;
    if (name[0] != '/')
      {
        if (file_exists(input_directory + "/" + name))
          filename = input_directory + "/" + name;
        else if (file_exists(std::string(FLUXION_SOURCE_DIR) + "/meshes/" +
                             name))
          filename = std::string(FLUXION_SOURCE_DIR) + "/meshes/" + name;
      }
    AssertThrow(file_exists(filename),
                ExcMessage("Parameter <Geometry/gmsh/Mesh file>: cannot open "
                           "<" +
                           name +
                           "> (looked next to the parameter file "
                           "and in Fluxion's meshes/ folder)."));
    curved = prm.get("Curved boundaries");

    // Physical names: "$PhysicalNames", count, then "dim tag \"name\"".
    std::ifstream in(filename);
    std::string   line;
    boundaries.clear();
    regions.clear();
    while (std::getline(in, line))
      if (line.rfind("$PhysicalNames", 0) == 0)
        {
          unsigned int n = 0;
          in >> n;
          for (unsigned int i = 0; i < n; ++i)
            {
              int         d, tag;
              std::string rest;
              in >> d >> tag;
              std::getline(in, rest);
              const auto q0 = rest.find('"'), q1 = rest.rfind('"');
              AssertThrow(in && q0 != std::string::npos && q1 > q0,
                          ExcMessage("Mesh file <" + filename +
                                     ">: malformed $PhysicalNames section."));
              const std::string pname = rest.substr(q0 + 1, q1 - q0 - 1);
              if (d != dim && d != dim - 1)
                continue;
              // A name given to two groups would leave one of them without
              // a name (and its cells or faces without data).
              auto      &names = (d == dim ? regions : boundaries);
              const auto known = names.find(pname);
              AssertThrow(known == names.end(),
                          ExcMessage("Parameter <Geometry/gmsh/Mesh file>: "
                                     "the mesh file <" +
                                     name + "> gives the name <" + pname +
                                     "> to two " + std::to_string(d) +
                                     "D physical groups (ids " +
                                     std::to_string(known->second) + " and " +
                                     std::to_string(tag) +
                                     "); each name must be unique among "
                                     "the groups of one dimension."));
              names[pname] = tag;
            }
          break;
        }
  }

  template <int dim>
  void
  GmshMesh<dim>::create_coarse_mesh(Triangulation<dim> &tria) const
  {
    GridIn<dim>   grid_in(tria);
    std::ifstream in(filename);
    try
      {
        grid_in.read_msh(in);
      }
    catch (const std::exception &e)
      {
        AssertThrow(false,
                    ExcMessage("Mesh file <" + filename +
                               ">: cannot be read as a " + std::to_string(dim) +
                               "D Gmsh quad/hex mesh: " + e.what()));
      }

    // Manifolds for curved boundaries.
    types::manifold_id next_id = 1;
    for (const auto &entry : Utilities::split_string_list(curved, ';'))
      {
        const auto colon = entry.find(':');
        AssertThrow(colon != std::string::npos,
                    ExcMessage("Parameter <Geometry/gmsh/Curved boundaries>: "
                               "expected 'name: sphere ...' or 'name: "
                               "cylinder ...', got <" +
                               entry + ">."));
        const std::string  bname = Utilities::trim(entry.substr(0, colon));
        std::istringstream words(entry.substr(colon + 1));
        std::string        type;
        words >> type;
        std::vector<double> v;
        double              x;
        while (words >> x)
          v.push_back(x);
        AssertThrow(boundaries.count(bname),
                    ExcMessage("Parameter <Geometry/gmsh/Curved boundaries>: "
                               "the mesh has no boundary named <" +
                               bname + ">."));
        const types::boundary_id bid = boundaries.at(bname);
        if (type == "sphere")
          {
            AssertThrow(v.size() >= dim,
                        ExcMessage("Parameter <Geometry/gmsh/Curved "
                                   "boundaries>: a sphere needs its centre."));
            Point<dim> c;
            for (unsigned int d = 0; d < dim; ++d)
              c[d] = v[d];
            tria.set_manifold(next_id, SphericalManifold<dim>(c));
          }
        else if (type == "cylinder" && dim == 3)
          {
            AssertThrow(v.size() == 6,
                        ExcMessage("Parameter <Geometry/gmsh/Curved "
                                   "boundaries>: a cylinder needs an axis "
                                   "direction and a point (6 numbers)."));
            if constexpr (dim == 3)
              tria.set_manifold(
                next_id,
                CylindricalManifold<dim>(Tensor<1, dim>({v[0], v[1], v[2]}),
                                         Point<dim>(v[3], v[4], v[5])));
          }
        else
          AssertThrow(false,
                      ExcMessage("Parameter <Geometry/gmsh/Curved "
                                 "boundaries>: unknown shape <" +
                                 type + "> (use sphere, or cylinder in 3D)."));
        if constexpr (dim > 1)
          for (const auto &cell : tria.active_cell_iterators())
            for (const auto &face : cell->face_iterators())
              if (face->at_boundary() && face->boundary_id() == bid)
                face->set_all_manifold_ids(next_id);
        ++next_id;
      }
  }

  template <int dim>
  std::map<std::string, types::boundary_id>
  GmshMesh<dim>::boundary_names() const
  {
    return boundaries;
  }

  template <int dim>
  std::map<std::string, types::material_id>
  GmshMesh<dim>::region_names() const
  {
    if (regions.empty())
      return {{"domain", 0}};
    return regions;
  }

  FLUXION_REGISTER_PLUGIN(Geometry,
                          GmshMesh,
                          "gmsh",
                          "A quad (2D) or hex (3D) mesh read from a Gmsh .msh "
                          "file; its physical groups name the boundaries and "
                          "regions.")
} // namespace Fluxion
