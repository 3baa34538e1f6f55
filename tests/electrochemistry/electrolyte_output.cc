// The derived ParaView output of the Poisson-Nernst-Planck physics on states
// with a closed form, in two regions of different diffusivities and fixed
// charge, with lengths in um:
// - 'exponential fitting': Na and Cl linear in x and y (exact in Q1), phi
//   linear;
// - 'logarithmic': Na and Cl exponentials of x and y (their logarithms, the
//   unknowns, are linear), phi linear;
// - 'exponential fitting' with the linear state and Na's diffusivity in the
//   solution given by a law of c and x (<Na/Diffusivity laws>), which the
//   output evaluates at each point: D = 1334 (1 + 0.01 c) + 5 x.
// ElectrolyteOutput is evaluated on the physics' solution at the vertices,
// edge midpoints and centres of every cell and compared with the field
// E = -grad phi [V/m], the charge density F (Na - Cl + X) [C/m^3] and the
// fluxes -D grad c and -z D c grad phi F/(RT) [mol/(m^2 s)], written here in
// SI units, to 1e-10 relative. The output that the physics itself adds to a
// DataOut (names, vectors, values at the vertices, stored by deal.II in
// single precision) is compared with the same values to 1e-6.

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/numerics/data_out.h>

#include <fluxion/core/parameters.h>
#include <fluxion/core/plugin_registry.h>
#include <fluxion/physics/electrochemistry/constants.h>
#include <fluxion/physics/electrochemistry/electrolyte_output.h>

#include <cmath>
#include <iomanip>
#include <iostream>

using namespace Fluxion;

namespace
{
  constexpr int    dim = 2;
  constexpr double L   = 1e-6; // um
  // Regions: x < 2 um is a membrane (id 1), the rest solution (id 0).
  const double D_membrane[2] = {100, 200};   // um^2/s, Na and Cl
  const double D_solution[2] = {1334, 2032}; // um^2/s
  const double X_membrane    = -5;           // mol/m^3
  const double z[2]          = {1, -1};

  // A closed-form state: concentrations [mol/m^3] and their gradients, and
  // phi's gradient, in SI units at a point x [um].
  struct State
  {
    std::string    name, formulation, na, cl;
    Tensor<1, dim> grad_phi; // V/m
    std::function<double(const Point<dim> &, unsigned int)>         c;
    std::function<Tensor<1, dim>(const Point<dim> &, unsigned int)> grad_c;
    /// Na's diffusivity in the solution [um^2/s] at x for c, when a law
    /// gives it (else D_solution).
    std::function<double(const Point<dim> &, double)> na_law;
  };

  // The expected output, laid out as ElectrolyteOutput's: E, rho, then per
  // species the diffusive and the migrative flux.
  std::vector<double>
  expected(const State &s, const Point<dim> &x, const bool membrane)
  {
    using namespace Electrochemistry;
    const double        VT = gas_constant * 298.15 / faraday;
    std::vector<double> out;
    for (unsigned int d = 0; d < dim; ++d)
      out.push_back(-s.grad_phi[d]);
    double rho = membrane ? X_membrane : 0.0;
    for (unsigned int i = 0; i < 2; ++i)
      rho += z[i] * s.c(x, i);
    out.push_back(faraday * rho);
    for (unsigned int i = 0; i < 2; ++i)
      {
        const double D = (membrane           ? D_membrane[i] :
                          i == 0 && s.na_law ? s.na_law(x, s.c(x, 0)) :
                                               D_solution[i]) *
                         L * L;
        for (unsigned int d = 0; d < dim; ++d)
          out.push_back(-D * s.grad_c(x, i)[d]);
        for (unsigned int d = 0; d < dim; ++d)
          out.push_back(-z[i] * D * s.c(x, i) * s.grad_phi[d] / VT);
      }
    return out;
  }

  const std::vector<std::string> quantity = {"E",
                                             "charge_density",
                                             "Na_diffusive_flux",
                                             "Na_migrative_flux",
                                             "Cl_diffusive_flux",
                                             "Cl_migrative_flux"};

  // The output components of quantity q: [first, first + size).
  std::pair<unsigned int, unsigned int>
  components(const unsigned int q)
  {
    if (q == 0)
      return {0, dim};
    if (q == 1)
      return {dim, 1};
    return {dim + 1 + (q - 2) * dim, dim};
  }

  // Largest |a - b| of each quantity relative to its largest |b|.
  struct Errors
  {
    std::vector<double> error = std::vector<double>(6, 0.0);
    std::vector<double> scale = std::vector<double>(6, 0.0);

    void
    add(const std::vector<double> &a, const std::vector<double> &b)
    {
      for (unsigned int q = 0; q < 6; ++q)
        {
          const auto [first, n] = components(q);
          double e = 0, s = 0;
          for (unsigned int k = first; k < first + n; ++k)
            {
              e += (a[k] - b[k]) * (a[k] - b[k]);
              s += b[k] * b[k];
            }
          error[q] = std::max(error[q], std::sqrt(e));
          scale[q] = std::max(scale[q], std::sqrt(s));
        }
    }

    bool
    print(const std::string &what, const double tolerance) const
    {
      bool ok = true;
      for (unsigned int q = 0; q < 6; ++q)
        {
          const bool pass = error[q] <= tolerance * scale[q] && scale[q] > 0;
          ok &= pass;
          std::cout << "  " << what << " " << quantity[q] << ": relative error "
                    << (pass ? "<= " : "> ") << tolerance
                    << (pass ? ": PASS" : ": FAIL") << std::endl;
        }
      return ok;
    }
  };

  class InspectableDataOut : public DataOut<dim>
  {
  public:
    using DataOut<dim>::get_dataset_names;
    using DataOut<dim>::get_nonscalar_data_ranges;
  };

  bool
  check(const State &s)
  {
    std::cout << s.name << " (Formulation = " << s.formulation << ")"
              << std::endl;
    const std::string text = R"(
set Dimension   = 2
set Physics     = poisson nernst planck
set Length unit = um
subsection Poisson Nernst Planck
  set Species     = Na, Cl
  set Formulation = )" + s.formulation +
                             R"(
  set Fixed charge concentration = membrane: -5
  subsection Na
    set Charge number = 1
)" +
                             (s.na_law ? R"(
    set Diffusivity laws = membrane: constant, solution: function
    subsection membrane
      set D = 100
    end
    subsection solution
      set D expression = 1334 * (1 + 0.01 * c) + 5 * x
    end
)" :
                                         R"(
    set Diffusivity   = membrane: 100, solution: 1334
)") + R"(
  end
  subsection Cl
    set Charge number = -1
    set Diffusivity   = membrane: 200, solution: 2032
  end
end
subsection Initial conditions
  set Na = )" + s.na + R"(
  set Cl = )" + s.cl + R"(
  set phi = )" + "0.01 * x - 0.02 * y + 0.003" +
                             R"(
end
)";
    ParameterHandler prm;
    read_parameters<dim>(prm, text, "electrolyte output test");

    Triangulation<dim> mesh;
    GridGenerator::subdivided_hyper_rectangle(
      mesh, {4, 2}, Point<dim>(0, 0), Point<dim>(4, 2), true);
    mesh.refine_global(1);
    for (const auto &cell : mesh.active_cell_iterators())
      cell->set_material_id(cell->center()[0] < 2 ? 1 : 0);
    MappingQ1<dim>        mapping;
    SimulatorContext<dim> context;
    context.mpi_communicator = MPI_COMM_WORLD;
    context.triangulation    = &mesh;
    context.mapping          = &mapping;
    context.boundary_ids     = {{"left", 0},
                                {"right", 1},
                                {"bottom", 2},
                                {"top", 3}};
    context.region_ids       = {{"solution", 0}, {"membrane", 1}};
    context.length_unit_in_m = L;
    context.steady           = true;
    auto physics = PluginRegistry<PhysicsInterface<dim>>::instance().create(
      "poisson nernst planck", "Physics", prm);
    physics->initialize(context, prm);
    physics->setup_dofs();
    physics->set_initial_condition();

    // ElectrolyteOutput on the solution, at 3 x 3 points of each cell.
    ElectrolyteOutputData data;
    for (unsigned int i = 0; i < 2; ++i)
      {
        IonicSpecies sp;
        sp.name           = i == 0 ? "Na" : "Cl";
        sp.charge         = z[i];
        sp.diffusivity[1] = D_membrane[i];
        sp.diffusivity[0] = D_solution[i];
        data.species.push_back(sp);
      }
    data.logarithmic      = s.formulation == "logarithmic";
    data.thermal_voltage  = Electrochemistry::thermal_voltage(298.15);
    data.length_unit_in_m = L;
    data.fixed_charge[1]  = X_membrane;
    // The law of the state where the output asks for it (Na, solution).
    typename ElectrolyteOutput<dim>::VaryingDiffusivity law;
    if (s.na_law)
      law = [&s](const unsigned int         i,
                 const types::material_id   region,
                 const Point<dim>          &x,
                 const std::vector<double> &fields) {
        return i == 0 && region == 0 ? s.na_law(x, fields[0]) : -1.0;
      };
    const ElectrolyteOutput<dim> output(data, law);

    const auto                              &dofs = physics->get_dof_handler();
    const QIterated<dim>                     points(QTrapezoid<1>(), 2);
    FEValues<dim>                            fe_values(mapping,
                            dofs.get_fe(),
                            points,
                            update_values | update_gradients |
                              update_quadrature_points);
    const unsigned int                       n = points.size();
    std::vector<Vector<double>>              values(n, Vector<double>(3));
    std::vector<std::vector<Tensor<1, dim>>> gradients(
      n, std::vector<Tensor<1, dim>>(3));
    std::vector<Vector<double>> computed(
      n, Vector<double>(output.get_names().size()));
    Errors direct;
    for (const auto &cell : dofs.active_cell_iterators())
      {
        fe_values.reinit(cell);
        fe_values.get_function_values(physics->get_solution(), values);
        fe_values.get_function_gradients(physics->get_solution(), gradients);
        DataPostprocessorInputs::Vector<dim> inputs;
        inputs.solution_values    = values;
        inputs.solution_gradients = gradients;
        inputs.evaluation_points  = fe_values.get_quadrature_points();
        inputs.template set_cell<dim>(cell);
        output.evaluate_vector_field(inputs, computed);
        for (unsigned int q = 0; q < n; ++q)
          {
            const auto e = expected(s,
                                    fe_values.quadrature_point(q),
                                    cell->material_id() == 1);
            direct.add(std::vector<double>(computed[q].begin(),
                                           computed[q].end()),
                       e);
          }
      }
    bool ok = direct.print("at points", 1e-10);

    // The physics' own output: names, vectors and values at the vertices.
    InspectableDataOut data_out;
    data_out.attach_dof_handler(dofs);
    physics->add_output_fields(data_out);
    data_out.build_patches();
    const auto names = data_out.get_dataset_names();
    std::cout << "  output:";
    for (const auto &name : names)
      std::cout << " " << name;
    std::cout << "\n  vectors:";
    for (const auto &r : data_out.get_nonscalar_data_ranges())
      std::cout << " " << std::get<2>(r) << " [" << std::get<0>(r) << ","
                << std::get<1>(r) << "]";
    std::cout << std::endl;
    const unsigned int first =
      std::find(names.begin(), names.end(), "E") - names.begin();
    Errors vertices;
    for (const auto &patch : data_out.get_patches())
      {
        Point<dim> center;
        for (const auto &v : patch.vertices)
          center += v / 4.0;
        for (unsigned int v = 0; v < 4; ++v)
          {
            std::vector<double> got;
            for (unsigned int k = first; k < names.size(); ++k)
              got.push_back(patch.data(k, v));
            vertices.add(got, expected(s, patch.vertices[v], center[0] < 2));
          }
      }
    ok &= vertices.print("DataOut", 1e-6);
    return ok;
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);

  // Gradients in SI units: per um is 1e6 per m.
  State linear;
  linear.name        = "linear concentrations";
  linear.formulation = "exponential fitting";
  linear.na          = "10 + 2 * x + y";
  linear.cl          = "8 + 0.5 * x - y";
  linear.grad_phi    = Tensor<1, dim>({0.01 / L, -0.02 / L});
  linear.c           = [](const Point<dim> &x, const unsigned int i) {
    return i == 0 ? 10 + 2 * x[0] + x[1] : 8 + 0.5 * x[0] - x[1];
  };
  linear.grad_c = [](const Point<dim> &, const unsigned int i) {
    return i == 0 ? Tensor<1, dim>({2 / L, 1 / L}) :
                    Tensor<1, dim>({0.5 / L, -1 / L});
  };

  State logarithmic;
  logarithmic.name        = "exponential concentrations";
  logarithmic.formulation = "logarithmic";
  logarithmic.na          = "10 * exp(0.3 * x - 0.1 * y)";
  logarithmic.cl          = "5 * exp(-0.2 * x + 0.1 * y)";
  logarithmic.grad_phi    = linear.grad_phi;
  logarithmic.c           = [](const Point<dim> &x, const unsigned int i) {
    return i == 0 ? 10 * std::exp(0.3 * x[0] - 0.1 * x[1]) :
                              5 * std::exp(-0.2 * x[0] + 0.1 * x[1]);
  };
  logarithmic.grad_c = [&](const Point<dim> &x, const unsigned int i) {
    const double c = logarithmic.c(x, i);
    return i == 0 ? Tensor<1, dim>({0.3 * c / L, -0.1 * c / L}) :
                    Tensor<1, dim>({-0.2 * c / L, 0.1 * c / L});
  };

  State law  = linear;
  law.name   = "linear concentrations, Na's D a law of c and x";
  law.na_law = [](const Point<dim> &x, const double c) {
    return 1334 * (1 + 0.01 * c) + 5 * x[0];
  };

  bool ok = check(linear);
  ok &= check(logarithmic);
  ok &= check(law);
  std::cout << (ok ? "PASS" : "FAIL") << std::endl;
  return ok ? 0 : 1;
}
